#!/usr/bin/env bash
# pg_resty AMQP benchmark: events per second from commit to broker confirm, on a throw-away
# PostgreSQL cluster and a throw-away RabbitMQ node (both on loopback, both stopped on exit).
# See bench/README.md. Run as root (RabbitMQ runs as root, PostgreSQL as postgres).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PKGLIBDIR=$(pg_config --pkglibdir)
[[ -f $PKGLIBDIR/pg_resty.so ]] || { echo "pg_resty.so not installed (make && make install)" >&2; exit 1; }
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || { echo "rabbitmq-server not installed" >&2; exit 1; }
/usr/bin/python3 -c 'import pika' 2>/dev/null || { echo "python3-pika not installed" >&2; exit 1; }
unset PGHOST PGHOSTADDR PGDATABASE PGUSER PGOPTIONS PGSERVICE PGSERVICEFILE PGPASSFILE
exec /usr/bin/python3 "$BENCH_DIR/amqp.py" "$@"

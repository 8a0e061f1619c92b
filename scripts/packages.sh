# Debian packages pg_resty needs, and a helper that installs only the missing ones.
# Sourced by demo.sh and test.sh (run as root on Debian 12).

# To build and run: compiler, PGXS, and the libraries the extension links.
PG_RESTY_BUILD_PACKAGES=(
    g++ make cmake pkg-config
    postgresql-15 postgresql-server-dev-15
    libmicrohttpd-dev libluajit-5.1-dev librabbitmq-dev libssl-dev lua-cjson
    curl
)

# To test: GoogleTest for the unit layer, clang with its libFuzzer and sanitizer runtimes for
# the fuzz targets, pytest for the end-to-end layer, and a RabbitMQ broker with a Python client
# for the events (the tests start their own node on loopback, never the system service).
PG_RESTY_TEST_PACKAGES=(
    libgtest-dev clang libclang-rt-14-dev python3 python3-pytest
    rabbitmq-server python3-pika
)

pg_resty_install_missing() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "pg_resty: missing packages (${missing[*]}); run as root to install them" >&2
        return 1
    fi
    echo "pg_resty: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    # Installing PostgreSQL packages may upgrade the server binaries under a running cluster:
    # old backends then fail with undefined symbols. Our clusters are started after this.
}

# Runs a command as the postgres user (initdb refuses root).
pg_resty_as_postgres() {
    runuser -u postgres -- "$@"
}

PG_BINDIR=/usr/lib/postgresql/15/bin

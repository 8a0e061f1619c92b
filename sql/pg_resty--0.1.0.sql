-- pg_resty 0.1.0: the SQL surface of the extension.
\echo Use "CREATE EXTENSION pg_resty" to load this file. \quit

-- The pg_ prefix is reserved for system schemas; superusers may still create one, and the
-- extension's functions (pg_resty.reload(), later pg_resty.publish()) are meant to read like
-- part of the server. CREATE EXTENSION undoes the SET when the script ends.
SET allow_system_table_mods = on;
CREATE SCHEMA pg_resty;
RESET allow_system_table_mods;
COMMENT ON SCHEMA pg_resty IS 'pg_resty: PostgREST-compatible HTTP API served from inside PostgreSQL';

-- PostgREST's NOTIFY pgrst, 'reload schema': the HTTP workers reload their schema cache once
-- the calling transaction commits. Returns false when pg_resty is not preloaded.
CREATE FUNCTION pg_resty.reload() RETURNS boolean
    LANGUAGE c VOLATILE STRICT
    AS 'MODULE_PATHNAME', 'pg_resty_reload';

-- Whether the library was loaded through shared_preload_libraries (the HTTP server runs).
CREATE FUNCTION pg_resty.is_preloaded() RETURNS boolean
    LANGUAGE c STABLE STRICT
    AS 'MODULE_PATHNAME', 'pg_resty_is_preloaded';

CREATE FUNCTION pg_resty.on_ddl() RETURNS event_trigger
    LANGUAGE c
    AS 'MODULE_PATHNAME', 'pg_resty_on_ddl';

-- Everyone may look into the schema; each function grants its own EXECUTE.
GRANT USAGE ON SCHEMA pg_resty TO PUBLIC;
REVOKE ALL ON FUNCTION pg_resty.reload() FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_resty.on_ddl() FROM PUBLIC;

-- Any DDL may change what the API exposes: reload the schema cache after it commits.
CREATE EVENT TRIGGER pg_resty_ddl_watch ON ddl_command_end
    EXECUTE FUNCTION pg_resty.on_ddl();
CREATE EVENT TRIGGER pg_resty_drop_watch ON sql_drop
    EXECUTE FUNCTION pg_resty.on_ddl();

-- CREATE EXTENSION runs scripts with client_min_messages raised to warning; this one NOTICE
-- is the point of the block, so let it through (the setting is restored after the script).
DO $$
BEGIN
    IF NOT pg_resty.is_preloaded() THEN
        SET LOCAL client_min_messages = notice;
        RAISE NOTICE 'pg_resty: the HTTP server is not running'
            USING HINT = 'Add pg_resty to shared_preload_libraries in postgresql.conf and restart PostgreSQL.';
    END IF;
END
$$;

-- =============================================================================================
-- Events: a transactional outbox drained to RabbitMQ by the pg_resty amqp worker (replaces
-- pg_notify + pg-amqp-bridge). Events are rows of the caller's transaction: a rollback drops
-- them, a commit guarantees they reach the broker at least once (message_id = id).
-- =============================================================================================

CREATE TABLE pg_resty.outbox (
    id           bigserial PRIMARY KEY,
    exchange     text NOT NULL,
    routing_key  text NOT NULL,
    payload      text NOT NULL,
    content_type text NOT NULL,
    headers      jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE pg_resty.outbox IS
    'pg_resty: events waiting for the broker''s confirm; the amqp worker deletes them once confirmed';
-- Events still waiting belong in a dump of the database.
SELECT pg_catalog.pg_extension_config_dump('pg_resty.outbox', '');
SELECT pg_catalog.pg_extension_config_dump('pg_resty.outbox_id_seq', '');
REVOKE ALL ON pg_resty.outbox FROM PUBLIC;

-- Records an event in the caller's transaction and returns its id. SECURITY DEFINER: callers
-- need EXECUTE on it, not rights on the outbox. The C code only inserts one outbox row
-- (schema-qualified, through a prepared plan).
CREATE FUNCTION pg_resty.publish(exchange text, routing_key text, payload text,
                                 headers jsonb DEFAULT NULL) RETURNS bigint
    LANGUAGE c VOLATILE SECURITY DEFINER
    AS 'MODULE_PATHNAME', 'pg_resty_publish';

-- The starter kit's rabbitmq.on_row_change(), as a C trigger function: routing key
-- row_change.table-<table>.event-<INSERT|UPDATE|DELETE>[.user-<id>], payload the row as JSON.
-- Optional argument: '{"exchange": "amq.topic", "include": [...], "exclude": [...]}'.
CREATE FUNCTION pg_resty.on_row_change() RETURNS trigger
    LANGUAGE c SECURITY DEFINER
    AS 'MODULE_PATHNAME', 'pg_resty_on_row_change';

CREATE FUNCTION pg_resty.amqp_worker_status(
    OUT worker_pid integer, OUT connected boolean, OUT broker text, OUT published bigint,
    OUT last_error text, OUT last_error_at timestamptz, OUT last_publish_at timestamptz)
    LANGUAGE c VOLATILE
    AS 'MODULE_PATHNAME', 'pg_resty_amqp_worker_status';

-- The worker's state: connected to the broker, events waiting (pending), events confirmed
-- since the server started (published), the last failure and the last confirm.
CREATE VIEW pg_resty.amqp_status AS
SELECT s.connected,
       (SELECT count(*) FROM pg_resty.outbox) AS pending,
       s.published,
       s.last_error,
       s.last_publish_at,
       s.last_error_at,
       s.broker,
       s.worker_pid
FROM pg_resty.amqp_worker_status() AS s;

-- Publishing is a privilege: GRANT EXECUTE ON FUNCTION pg_resty.publish(text, text, text,
-- jsonb) / pg_resty.on_row_change() to the roles that may send events (a table owner needs
-- the latter to create the trigger).
REVOKE ALL ON FUNCTION pg_resty.publish(text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_resty.on_row_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_resty.amqp_worker_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_resty.amqp_worker_status() TO pg_monitor;
GRANT SELECT ON pg_resty.amqp_status TO pg_monitor;

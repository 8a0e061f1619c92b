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

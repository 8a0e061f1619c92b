SET client_min_messages = notice;
-- pg_resty.reload() outside a preloaded server: a NOTICE and false, no error.
SELECT pg_resty.reload();

-- Not callable by ordinary roles.
CREATE ROLE regress_pg_resty_caller;
SET ROLE regress_pg_resty_caller;
SELECT pg_resty.reload();
RESET ROLE;
DROP ROLE regress_pg_resty_caller;

-- The event trigger function is only for event triggers.
SELECT pg_resty.on_ddl();

-- DDL fires the event triggers; without shared memory they do nothing and break nothing,
-- committed or rolled back.
CREATE SCHEMA api;
CREATE TABLE api.things (id int PRIMARY KEY, name text);
BEGIN;
ALTER TABLE api.things ADD COLUMN extra int;
ROLLBACK;
DROP TABLE api.things;
DROP SCHEMA api;

-- The reloadable pg_resty.* settings exist with their defaults (the server-start ones only
-- when preloaded), and the prefix is reserved.
SELECT name, setting, context FROM pg_settings WHERE name LIKE 'pg_resty.%' ORDER BY name;
SET pg_resty.no_such_setting = 'x';

-- The demo database: PostgREST's tutorial roles and a small todo API.
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE web_anon NOLOGIN;
GRANT web_anon TO authenticator;

CREATE EXTENSION pg_resty;

CREATE SCHEMA api;
GRANT USAGE ON SCHEMA api TO web_anon;

CREATE TABLE api.todos (
    id serial PRIMARY KEY,
    done boolean NOT NULL DEFAULT false,
    task text NOT NULL,
    due timestamptz
);
INSERT INTO api.todos (task, done, due) VALUES
    ('finish tutorial 0', true, now() - interval '1 day'),
    ('pat self on back', false, NULL),
    ('learn pg_resty', false, now() + interval '7 days');
GRANT SELECT ON api.todos TO web_anon;

CREATE VIEW api.open_todos AS SELECT id, task, due FROM api.todos WHERE NOT done;
GRANT SELECT ON api.open_todos TO web_anon;

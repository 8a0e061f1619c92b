-- The end-to-end fixture: PostgREST's usual roles and a small api schema.
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE web_anon NOLOGIN;
GRANT web_anon TO authenticator;

CREATE EXTENSION pg_resty;
CREATE SCHEMA api;
GRANT USAGE ON SCHEMA api TO web_anon;

CREATE TABLE api.items (
    id int PRIMARY KEY,
    name text NOT NULL,
    price numeric,
    tags text[],
    in_stock boolean
);
INSERT INTO api.items VALUES
    (1, 'apple', 1.50, '{fruit,red}', true),
    (2, 'banana', 0.25, '{fruit}', false),
    (3, 'cherry', NULL, NULL, NULL),
    (4, 'Durian', 9.99, '{fruit,smelly}', true),
    (5, 'eggplant', 2.00, '{vegetable}', false);
GRANT SELECT ON api.items TO web_anon;

-- What each request's transaction sets, as SQL inside it sees it.
CREATE VIEW api.request_info AS
SELECT current_setting('request.method', true) AS method,
       current_setting('request.path', true) AS path,
       current_setting('request.headers', true)::json AS headers,
       current_setting('request.cookies', true)::json AS cookies,
       current_setting('request.jwt.claims', true)::json AS claims,
       current_user::text AS role,
       session_user::text AS session_role,
       current_setting('transaction_read_only') AS read_only,
       current_setting('search_path') AS search_path;
GRANT SELECT ON api.request_info TO web_anon;

-- Views whose queries fail, to check a failing request leaves the worker serving.
CREATE FUNCTION api.write_something() RETURNS int LANGUAGE sql VOLATILE
    AS $$ INSERT INTO api.items VALUES (100, 'written', NULL, NULL, NULL) RETURNING id $$;
CREATE VIEW api.writes AS SELECT api.write_something() AS id;
GRANT SELECT ON api.writes TO web_anon;
GRANT INSERT ON api.items TO web_anon;

CREATE VIEW api.divide_by_zero AS SELECT 1 / (SELECT count(*) - count(*) FROM api.items) AS x;
GRANT SELECT ON api.divide_by_zero TO web_anon;

-- A slow relation, to keep one worker busy.
CREATE FUNCTION api.slow_value(seconds float8) RETURNS int LANGUAGE sql VOLATILE
    AS $$ SELECT 1 FROM pg_sleep(seconds) $$;
CREATE VIEW api.slow AS SELECT api.slow_value(3) AS x;
GRANT SELECT ON api.slow TO web_anon;

-- Not granted to web_anon.
CREATE TABLE api.secrets (id int PRIMARY KEY, secret text);
INSERT INTO api.secrets VALUES (1, 'hidden');

-- Outside the exposed schema.
CREATE TABLE public.internal (id int);

-- JWT roles and claims-driven row-level security (test_jwt.py).
CREATE ROLE web_user NOLOGIN;
GRANT web_user TO authenticator;
CREATE ROLE not_granted NOLOGIN;  -- exists, but the authenticator cannot become it
GRANT USAGE ON SCHEMA api TO web_user;
GRANT SELECT ON api.items, api.request_info TO web_user;

CREATE TABLE api.notes (id int PRIMARY KEY, owner text NOT NULL, body text NOT NULL);
INSERT INTO api.notes VALUES (1, 'alice', 'alice one'), (2, 'alice', 'alice two'),
                             (3, 'bob', 'bob one');
ALTER TABLE api.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON api.notes
    USING (owner = current_setting('request.jwt.claims', true)::json->>'sub');
GRANT SELECT, UPDATE ON api.notes TO web_user;

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

-- For the filter grammar: json/jsonb, full-text search, ranges, arrays and a composite, with
-- values that need quoting in logic trees (commas, parentheses).
CREATE TYPE api.complex AS (r numeric, i numeric);
CREATE TABLE api.things (
    id int PRIMARY KEY,
    name text,
    data jsonb,
    doc json,
    body text,
    search tsvector,
    during int4range,
    nums int[],
    tags text[],
    num api.complex
);
INSERT INTO api.things VALUES
    (1, 'apple', '{"a": {"b": "x"}, "n": 1}', '{"k": "v1"}', 'The fat cats ate the rats',
     NULL, '[1,5)', '{1,2,3}', '{fruit,red}', '(1.5,0.5)'),
    (2, 'banana', '{"a": {"b": "y"}, "n": 2, "arr": [10, 20]}', '{"k": "v2"}',
     'Fat rats are fun', NULL, '[5,10)', '{2,3}', '{fruit}', '(2,1)'),
    (3, 'cherry', '[{"d": "test"}, 5]', '[1, 2]', 'Les chats sont amusants', NULL, '[10,20)',
     '{3}', '{}', '(3,0.25)'),
    (4, 'Durian', NULL, NULL, NULL, NULL, 'empty', NULL, NULL, NULL),
    (5, 'egg, plant (5)', '{"a": null, "n": 5, "x y": "space"}', '{"k": "v5"}',
     'impossible is nothing', NULL, '[100,200)', '{5,6}', '{"a,b",c}', '(0,0)');
UPDATE api.things SET search = to_tsvector('english', body) WHERE id <> 3;
UPDATE api.things SET search = to_tsvector('french', body) WHERE id = 3;
GRANT SELECT ON api.things TO web_anon;

-- Many rows with fresh statistics, for planned and estimated counts.
CREATE TABLE api.numbers (n int PRIMARY KEY);
INSERT INTO api.numbers SELECT generate_series(1, 1000);
ANALYZE api.numbers;
GRANT SELECT ON api.numbers TO web_anon;

CREATE TABLE api.nothing (id int);
GRANT SELECT ON api.nothing TO web_anon;

-- Values CSV has to quote.
CREATE TABLE api.texts (id int PRIMARY KEY, body text);
INSERT INTO api.texts VALUES
    (1, 'plain'), (2, 'a,b'), (3, 'say "hi"'), (4, ''), (5, NULL), (6, 'two
lines');
GRANT SELECT ON api.texts TO web_anon;

-- A second exposed schema, chosen with Accept-Profile.
CREATE SCHEMA v2;
GRANT USAGE ON SCHEMA v2 TO web_anon;
CREATE TABLE v2.items (id int PRIMARY KEY, label text);
INSERT INTO v2.items VALUES (1, 'first'), (2, 'second');
GRANT SELECT ON v2.items TO web_anon;
CREATE VIEW v2.search_path AS SELECT current_setting('search_path') AS search_path;
GRANT SELECT ON v2.search_path TO web_anon;

-- Functions called through /rpc (test_rpc.py, test_response_gucs.py, test_pre_request.py).
CREATE TABLE api.rpc_log (id serial PRIMARY KEY, msg text NOT NULL);
GRANT SELECT, INSERT ON api.rpc_log TO web_anon;
GRANT USAGE ON SEQUENCE api.rpc_log_id_seq TO web_anon;
CREATE TABLE api.rpc_authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE api.rpc_books (
    id int PRIMARY KEY,
    title text NOT NULL,
    author_id int REFERENCES api.rpc_authors (id)
);
INSERT INTO api.rpc_authors VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO api.rpc_books VALUES (1, 'Alpha', 1), (2, 'Beta', 1), (3, 'Gamma', 2);
GRANT SELECT ON api.rpc_authors, api.rpc_books TO web_anon;
CREATE TYPE api.rpc_point AS (x int, y int);

CREATE FUNCTION api.add_them(a int, b int) RETURNS int
    LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION api.greet(name text DEFAULT 'world', punct text DEFAULT '!') RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT 'hello ' || name || punct $$;
CREATE FUNCTION api.sum_all(VARIADIC v int[]) RETURNS int
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(sum(x), 0)::int FROM unnest(v) x $$;
CREATE FUNCTION api.overloaded(a int) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'int ' || a $$;
CREATE FUNCTION api.overloaded(b text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'text ' || b $$;
CREATE FUNCTION api.ambiguous(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a $$;
CREATE FUNCTION api.ambiguous(a text) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 0 $$;
CREATE FUNCTION api.items_cheaper_than(max_price numeric) RETURNS SETOF api.items
    LANGUAGE sql STABLE AS $$ SELECT * FROM api.items WHERE price < max_price ORDER BY id $$;
CREATE FUNCTION api.first_item() RETURNS api.items
    LANGUAGE sql STABLE AS $$ SELECT * FROM api.items ORDER BY id LIMIT 1 $$;
CREATE FUNCTION api.no_item() RETURNS api.items
    LANGUAGE sql STABLE AS $$ SELECT * FROM api.items WHERE false $$;
CREATE FUNCTION api.series(n int) RETURNS SETOF int
    LANGUAGE sql IMMUTABLE AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION api.pairs(n int) RETURNS TABLE (k int, v text)
    LANGUAGE sql IMMUTABLE AS $$ SELECT i, 'v' || i FROM generate_series(1, n) i $$;
CREATE FUNCTION api.make_point(x int, y int) RETURNS api.rpc_point
    LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(x, y)::api.rpc_point $$;
CREATE FUNCTION api.books_by(author int) RETURNS SETOF api.rpc_books
    LANGUAGE sql STABLE AS $$ SELECT * FROM api.rpc_books WHERE author_id = author $$;
CREATE FUNCTION api.echo_json(json) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE FUNCTION api.shout(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper($1) $$;
CREATE FUNCTION api.byte_count(bytea) RETURNS int
    LANGUAGE sql IMMUTABLE AS $$ SELECT length($1) $$;
CREATE FUNCTION api.single_obj(payload jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$ SELECT payload || '{"seen": true}' $$;
CREATE FUNCTION api.tags_of(tags text[], extra jsonb DEFAULT NULL) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$ SELECT jsonb_build_object('tags', tags, 'extra', extra) $$;
CREATE FUNCTION api.log_message(msg text) RETURNS void
    LANGUAGE plpgsql AS $$ BEGIN INSERT INTO api.rpc_log (msg) VALUES (msg); END $$;
CREATE FUNCTION api.log_count(msg text) RETURNS int
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO api.rpc_log (msg) VALUES (msg);
    RETURN (SELECT count(*) FROM api.rpc_log);
END $$;
-- Declared stable but writes through a volatile one: PostgREST calls it read-only.
CREATE FUNCTION api.stable_writer(msg text) RETURNS int
    LANGUAGE sql STABLE AS $$ SELECT api.log_count(msg) $$;
CREATE FUNCTION api.fail_with(code text) RETURNS int
    LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'failed on purpose' USING ERRCODE = code; END $$;
CREATE FUNCTION api.whoami() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_user::text $$;

-- Response GUCs (test_response_gucs.py).
CREATE FUNCTION api.created_with_headers() RETURNS text
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.status', '201', true);
    PERFORM set_config('response.headers',
                       '[{"X-Custom": "yes"}, {"Content-Type": "text/plain"}]', true);
    RETURN 'made';
END $$;
CREATE FUNCTION api.set_response(status text, headers text) RETURNS int
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.status', status, true);
    PERFORM set_config('response.headers', headers, true);
    RETURN 1;
END $$;
CREATE FUNCTION api.set_status_session(status text) RETURNS int
    LANGUAGE plpgsql AS $$
BEGIN
    -- Not local: must not leak into the next request served by this worker.
    PERFORM set_config('response.status', status, false);
    RETURN 1;
END $$;
-- Sets the request.* settings and search_path for the whole session (test_request_context.py):
-- the next request on this worker must still see its own values.
CREATE FUNCTION api.tamper_session(fail boolean DEFAULT false) RETURNS int
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.method', 'TAMPERED', false);
    PERFORM set_config('request.path', '/tampered', false);
    PERFORM set_config('request.headers', '{"x-tampered": "1"}', false);
    PERFORM set_config('request.cookies', '{"tampered": "1"}', false);
    PERFORM set_config('request.jwt.claims', '{"role": "postgres"}', false);
    PERFORM set_config('search_path', 'public', false);
    IF fail THEN
        RAISE EXCEPTION 'tampered, then failed' USING ERRCODE = 'P0001';
    END IF;
    RETURN 1;
END $$;
CREATE VIEW api.gucs_view AS
    SELECT set_config('response.headers', '[{"X-From-View": "1"}]', true) AS h;
GRANT SELECT ON api.gucs_view TO web_anon;

-- Pre-request (test_pre_request.py runs its own cluster with pg_resty.pre_request set).
CREATE FUNCTION api.check_request() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('request.headers', true)::json ->> 'x-block' = 'yes' THEN
        RAISE EXCEPTION 'blocked' USING ERRCODE = 'PT401', DETAIL = 'by pre-request',
                                        HINT = 'remove x-block';
    END IF;
    PERFORM set_config('response.headers',
                       json_build_array(json_build_object(
                           'X-Pre-Role', current_user::text))::text, true);
END $$;

-- A function of the second schema, called with Content-Profile / Accept-Profile.
CREATE FUNCTION v2.add_them(a int, b int) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'v2: ' || (a + b) || ' in ' || (current_schemas(false))[1] $$;
-- Writes (test_writes.py, test_upsert.py). Only those files touch these tables; each test
-- empties and seeds what it uses.
CREATE TABLE api.w_items (
    id serial PRIMARY KEY,
    name text NOT NULL DEFAULT 'unnamed',
    qty int DEFAULT 0 CHECK (qty >= 0),
    code text UNIQUE,
    note text
);
CREATE TABLE api.w_authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE api.w_books (id int PRIMARY KEY, title text NOT NULL,
                          author_id int REFERENCES api.w_authors);
CREATE TABLE api.w_nopk (a int, b text);
CREATE TABLE api.w_typed (id int PRIMARY KEY, n numeric, at timestamptz, doc jsonb, nums int[],
                          flag boolean);
CREATE TABLE api.w_pair (k1 int, k2 text, v text, PRIMARY KEY (k1, k2));
CREATE TABLE api.w_readonly (id int PRIMARY KEY, v text);
INSERT INTO api.w_readonly VALUES (1, 'keep');
CREATE VIEW api.w_distinct AS SELECT DISTINCT name FROM api.w_items;
CREATE VIEW api.w_items_view AS SELECT id, name AS label, qty FROM api.w_items;
GRANT SELECT, INSERT, UPDATE, DELETE ON api.w_items, api.w_authors, api.w_books, api.w_nopk,
    api.w_typed, api.w_pair, api.w_distinct, api.w_items_view TO web_anon;
GRANT USAGE ON SEQUENCE api.w_items_id_seq TO web_anon;
GRANT SELECT ON api.w_readonly TO web_anon;
-- RAISE in a trigger: the error body carries MESSAGE, DETAIL, HINT; PT### sets the status.
CREATE TABLE api.w_guarded (id int PRIMARY KEY, v text);
CREATE FUNCTION public.w_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.v = 'raise' THEN
        RAISE EXCEPTION 'guarded: %', NEW.v USING DETAIL = 'the detail', HINT = 'the hint';
    ELSIF NEW.v = 'teapot' THEN
        RAISE EXCEPTION 'short and stout' USING ERRCODE = 'PT418';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER w_guard BEFORE INSERT OR UPDATE ON api.w_guarded
    FOR EACH ROW EXECUTE FUNCTION public.w_guard();
GRANT SELECT, INSERT, UPDATE, DELETE ON api.w_guarded TO web_anon;

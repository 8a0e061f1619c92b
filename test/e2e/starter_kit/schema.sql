-- A todo application laid out the way the PostgREST starter kit lays out its database, written
-- for pg_resty's tests: private tables in `data`, the API in `api`, helpers reading PostgREST's
-- pre-9 per-claim settings (pg_resty.legacy_gucs), JWTs signed in SQL with pgcrypto's HMAC,
-- row-level security on the owner's id and row-change events through pg_resty's outbox.
\set ON_ERROR_STOP 1

CREATE EXTENSION pgcrypto;
CREATE EXTENSION pg_resty;

-- Roles: the authenticator logs in and becomes anonymous or webuser; `api` owns the views,
-- so row-level security applies to what they read.
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE anonymous NOLOGIN;
CREATE ROLE webuser NOLOGIN;
CREATE ROLE api NOLOGIN;
GRANT anonymous, webuser TO authenticator;

-- settings: values the SQL needs and no client may read ------------------------------------
CREATE SCHEMA settings;
CREATE TABLE settings.secrets (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO settings.secrets VALUES
    ('jwt_secret', 'reallyreallyreallyreallyverysafe'),
    ('jwt_lifetime', '3600');
CREATE FUNCTION settings.get(name text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$ SELECT value FROM settings.secrets WHERE key = name $$;
REVOKE ALL ON FUNCTION settings.get(text) FROM PUBLIC;

-- jwt: HS256 tokens from SQL ---------------------------------------------------------------
CREATE SCHEMA jwt;
CREATE FUNCTION jwt.base64url(bytes bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT rtrim(translate(encode(bytes, 'base64'), E'+/\n', '-_'), '=') $$;
CREATE FUNCTION jwt.hs256(claims json, secret text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT SET search_path = public, pg_catalog
    AS $$
    WITH parts AS (
        SELECT jwt.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8')) || '.' ||
               jwt.base64url(convert_to(claims::text, 'UTF8')) AS signed
    )
    SELECT signed || '.' || jwt.base64url(hmac(convert_to(signed, 'UTF8'),
                                               convert_to(secret, 'UTF8'), 'sha256'))
    FROM parts
    $$;

-- request: what the request's transaction carries, in PostgREST's pre-9 per-item form -------
CREATE SCHEMA request;
CREATE FUNCTION request.env(name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting(name, true), '') $$;
CREATE FUNCTION request.jwt_claim(claim text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT request.env('request.jwt.claim.' || claim) $$;
CREATE FUNCTION request.header(name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT request.env('request.header.' || name) $$;
CREATE FUNCTION request.cookie(name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT request.env('request.cookie.' || name) $$;
CREATE FUNCTION request.user_id() RETURNS int
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(request.jwt_claim('user_id')::int, 0) $$;
CREATE FUNCTION request.user_role() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT request.jwt_claim('role') $$;
GRANT USAGE ON SCHEMA request TO PUBLIC;

-- data: the tables -------------------------------------------------------------------------
CREATE SCHEMA data;
CREATE TABLE data.users (
    id serial PRIMARY KEY,
    name text NOT NULL CHECK (length(name) > 2),
    email text NOT NULL UNIQUE CHECK (email ~* '^[^@]+@[^@]+\.[^@]+$'),
    password text NOT NULL,
    role name NOT NULL DEFAULT 'webuser' CHECK (role IN ('webuser'))
);
-- Passwords are stored as bcrypt hashes, whoever writes them.
CREATE FUNCTION data.hash_password() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog
    AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.password IS DISTINCT FROM OLD.password THEN
            NEW.password := crypt(NEW.password, gen_salt('bf', 6));
        END IF;
        RETURN NEW;
    END
    $$;
CREATE TRIGGER users_password BEFORE INSERT OR UPDATE ON data.users
    FOR EACH ROW EXECUTE FUNCTION data.hash_password();

CREATE TABLE data.todos (
    id serial PRIMARY KEY,
    todo text NOT NULL,
    private boolean NOT NULL DEFAULT true,
    owner_id int NOT NULL DEFAULT request.user_id() REFERENCES data.users
);
ALTER TABLE data.todos ENABLE ROW LEVEL SECURITY;
-- A webuser reaches its own todos; everybody reads the public ones.
CREATE POLICY todos_read ON data.todos FOR SELECT TO api
    USING (private = false OR
           (request.user_role() = 'webuser' AND owner_id = request.user_id()));
CREATE POLICY todos_write ON data.todos FOR ALL TO api
    USING (request.user_role() = 'webuser' AND owner_id = request.user_id())
    WITH CHECK (request.user_role() = 'webuser' AND owner_id = request.user_id());
CREATE TRIGGER todos_events AFTER INSERT OR UPDATE OR DELETE ON data.todos
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change();

GRANT USAGE ON SCHEMA data TO api;
GRANT SELECT, INSERT, UPDATE, DELETE ON data.todos TO api;
GRANT USAGE ON SEQUENCE data.todos_id_seq TO api, webuser;  -- the default runs as the caller

INSERT INTO data.users (name, email, password) VALUES
    ('alice', 'alice@example.com', 'alice-pass'),
    ('bob', 'bob@example.com', 'bob-pass');
INSERT INTO data.todos (todo, private, owner_id) VALUES
    ('item_1', false, 1),
    ('item_2', true, 1),
    ('item_3', false, 2),
    ('item_4', true, 2),
    ('item_5', true, 2);
-- The sample rows are not events.
DELETE FROM pg_resty.outbox;

-- api: what the HTTP API exposes ------------------------------------------------------------
CREATE SCHEMA api AUTHORIZATION api;
GRANT USAGE ON SCHEMA api TO anonymous, webuser;

SET ROLE api;
CREATE VIEW api.todos AS
    SELECT id, todo, private, owner_id = request.user_id() AS mine FROM data.todos;
RESET ROLE;
GRANT SELECT ON api.todos TO anonymous;
GRANT SELECT, INSERT (todo, private), UPDATE (todo, private), DELETE ON api.todos TO webuser;

-- The request as the SQL sees it through the legacy settings.
CREATE VIEW api.request_locals AS
    SELECT request.jwt_claim('role') AS role,
           request.jwt_claim('user_id') AS user_id,
           request.header('accept') AS accept,
           request.header('x_app') AS x_app,
           request.cookie('session') AS session,
           current_setting('request.header.x-forwarded-for', true) AS forwarded;
ALTER VIEW api.request_locals OWNER TO api;
GRANT SELECT ON api.request_locals TO anonymous, webuser;

-- A session: the user and a token for it.
CREATE FUNCTION api.session_for(u data.users) RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$
    SELECT json_build_object(
        'me', json_build_object('id', u.id, 'name', u.name, 'email', u.email),
        'token', jwt.hs256(json_build_object(
            'role', u.role,
            'user_id', u.id,
            'exp', extract(epoch FROM now())::bigint + settings.get('jwt_lifetime')::int),
            settings.get('jwt_secret')))
    $$;
REVOKE EXECUTE ON FUNCTION api.session_for(data.users) FROM PUBLIC;

CREATE FUNCTION api.login(email text, password text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    AS $$
    DECLARE
        u data.users;
    BEGIN
        SELECT * INTO u FROM data.users
            WHERE users.email = login.email AND users.password = crypt(login.password, users.password);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'invalid email or password';
        END IF;
        RETURN api.session_for(u);
    END
    $$;

CREATE FUNCTION api.signup(name text, email text, password text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog
    AS $$
    DECLARE
        u data.users;
    BEGIN
        INSERT INTO data.users AS t (name, email, password)
            VALUES (signup.name, signup.email, signup.password) RETURNING t.* INTO u;
        RETURN api.session_for(u);
    END
    $$;

CREATE FUNCTION api.me() RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$
    SELECT json_build_object('id', id, 'name', name, 'email', email)
    FROM data.users WHERE id = request.user_id()
    $$;

CREATE FUNCTION api.refresh_token() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$
    SELECT api.session_for(u) ->> 'token' FROM data.users u WHERE u.id = request.user_id()
    $$;

REVOKE EXECUTE ON FUNCTION api.login(text, text), api.signup(text, text, text), api.me(),
    api.refresh_token() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.login(text, text), api.signup(text, text, text) TO anonymous;
GRANT EXECUTE ON FUNCTION api.me(), api.refresh_token() TO webuser;

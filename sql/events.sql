-- The events' SQL surface: pg_resty.publish(), the outbox, the on_row_change() trigger and
-- the status view. pg_resty is not preloaded here: there is no worker, so every event stays
-- in pg_resty.outbox for the tests to look at.
SET client_min_messages = notice;

-- publish() records events in the caller's transaction and returns their ids.
SELECT pg_resty.publish('amq.topic', 'greeting.hello', 'hello') > 0 AS recorded;
SELECT pg_resty.publish('amq.topic', 'order.created', '{"id": 1}', '{"x-tenant": "a", "n": 2}') > 0 AS recorded;
SELECT exchange, routing_key, payload, content_type, headers
FROM pg_resty.outbox ORDER BY id;

-- Ids grow in publishing order; within one transaction too.
BEGIN;
SELECT pg_resty.publish('', 'q', 'first') AS a \gset
SELECT pg_resty.publish('', 'q', 'second') AS b \gset
COMMIT;
SELECT :b > :a AS ordered;

-- A rolled-back transaction leaves nothing behind; a rolled-back savepoint neither.
TRUNCATE pg_resty.outbox;
BEGIN;
SELECT pg_resty.publish('amq.topic', 'lost', 'never sent') > 0 AS recorded;
ROLLBACK;
BEGIN;
SELECT pg_resty.publish('amq.topic', 'kept', 'sent') > 0 AS recorded;
SAVEPOINT s;
SELECT pg_resty.publish('amq.topic', 'lost', 'never sent') > 0 AS recorded;
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT routing_key, payload FROM pg_resty.outbox ORDER BY id;

-- Payloads of several MB, any text (the '|' that confused pg-amqp-bridge included).
TRUNCATE pg_resty.outbox;
SELECT pg_resty.publish('amq.topic', 'big', repeat('x|', 3 * 1024 * 1024)) > 0 AS recorded;
SELECT routing_key, octet_length(payload) AS bytes, content_type FROM pg_resty.outbox;

-- What cannot travel is refused when published, not discovered by the worker later.
SELECT pg_resty.publish(NULL, 'k', 'p');
SELECT pg_resty.publish('amq.topic', NULL, 'p');
SELECT pg_resty.publish('amq.topic', 'k', NULL);
SELECT pg_resty.publish(repeat('e', 256), 'k', 'p');
SELECT pg_resty.publish('amq.topic', repeat('k', 256), 'p');
SELECT pg_resty.publish('amq.topic', 'k', 'p', '[1, 2]');
SELECT pg_resty.publish('amq.topic', 'k', 'p', '"text"');
SELECT pg_resty.publish('amq.topic', 'k', 'p', jsonb_build_object(repeat('h', 256), 1));
SELECT pg_resty.publish('amq.topic', 'k', 'p', 'null');
SELECT pg_resty.publish('amq.topic', 'k', 'p', '{}') > 0 AS empty_headers_are_fine;

-- on_row_change(): routing key and payload as the starter kit's trigger formed them.
TRUNCATE pg_resty.outbox;
CREATE TABLE items (id int PRIMARY KEY, name text, secret text, price numeric);
CREATE TRIGGER items_events AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change();
INSERT INTO items VALUES (1, 'apple', 's3', 1.50), (2, 'pear', NULL, 2);
UPDATE items SET name = 'green apple' WHERE id = 1;
DELETE FROM items WHERE id = 2;
SELECT exchange, routing_key, payload, content_type, headers FROM pg_resty.outbox ORDER BY id;

-- The request's user from its JWT claims (user_id, else sub) ends the routing key.
TRUNCATE pg_resty.outbox;
BEGIN;
SELECT set_config('request.jwt.claims', '{"role": "webuser", "user_id": 42}', true) IS NOT NULL AS set;
INSERT INTO items VALUES (3, 'plum', NULL, 3);
SELECT set_config('request.jwt.claims', '{"role": "webuser", "sub": "alice"}', true) IS NOT NULL AS set;
UPDATE items SET price = 4 WHERE id = 3;
SELECT set_config('request.jwt.claims', '{"role": "web_anon"}', true) IS NOT NULL AS set;
DELETE FROM items WHERE id = 3;
COMMIT;
SELECT routing_key FROM pg_resty.outbox ORDER BY id;

-- Optional argument: exchange, include, exclude.
TRUNCATE pg_resty.outbox;
DROP TRIGGER items_events ON items;
CREATE TRIGGER items_events AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{"exchange": "events", "exclude": ["secret"]}');
INSERT INTO items VALUES (4, 'fig', 'hidden', 5);
DROP TRIGGER items_events ON items;
CREATE TRIGGER items_events AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{"include": ["id", "name", "nope"]}');
UPDATE items SET name = 'dried fig' WHERE id = 4;
DROP TRIGGER items_events ON items;
CREATE TRIGGER items_events AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{"include": ["id", "secret"], "exclude": ["secret"]}');
DELETE FROM items WHERE id = 4;
SELECT exchange, routing_key, payload FROM pg_resty.outbox ORDER BY id;

-- Dropped columns do not show; the trigger survives ALTER TABLE.
TRUNCATE pg_resty.outbox;
DROP TRIGGER items_events ON items;
CREATE TRIGGER items_events AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change();
ALTER TABLE items DROP COLUMN secret;
ALTER TABLE items ADD COLUMN tags text[];
INSERT INTO items VALUES (5, 'kiwi', 6, '{green,fuzzy}');
SELECT payload FROM pg_resty.outbox ORDER BY id;

-- A rolled-back row change sends nothing.
TRUNCATE pg_resty.outbox;
BEGIN;
INSERT INTO items VALUES (6, 'lime', 7);
ROLLBACK;
SELECT count(*) AS events FROM pg_resty.outbox;

-- Misuse is refused with a clear error.
SELECT pg_resty.on_row_change();
CREATE TABLE wrong (id int);
CREATE TRIGGER wrong_before BEFORE INSERT ON wrong
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change();
INSERT INTO wrong VALUES (1);
DROP TRIGGER wrong_before ON wrong;
CREATE TRIGGER wrong_statement AFTER INSERT ON wrong
    FOR EACH STATEMENT EXECUTE FUNCTION pg_resty.on_row_change();
INSERT INTO wrong VALUES (1);
DROP TRIGGER wrong_statement ON wrong;
CREATE TRIGGER wrong_arg AFTER INSERT ON wrong
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{"includes": ["id"]}');
INSERT INTO wrong VALUES (1);
DROP TRIGGER wrong_arg ON wrong;
CREATE TRIGGER wrong_args AFTER INSERT ON wrong
    FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{}', '{}');
INSERT INTO wrong VALUES (1);
DROP TABLE wrong;

-- Privileges: publishing needs EXECUTE on publish() (or on on_row_change() to create the
-- trigger), never rights on the outbox itself.
TRUNCATE pg_resty.outbox;
CREATE ROLE regress_pg_resty_app;
CREATE ROLE regress_pg_resty_web;
GRANT ALL ON items TO regress_pg_resty_web;
SET ROLE regress_pg_resty_app;
SELECT pg_resty.publish('amq.topic', 'k', 'p');
SELECT count(*) FROM pg_resty.outbox;
RESET ROLE;
GRANT EXECUTE ON FUNCTION pg_resty.publish(text, text, text, jsonb) TO regress_pg_resty_app;
SET ROLE regress_pg_resty_app;
SELECT pg_resty.publish('amq.topic', 'k', 'p') > 0 AS recorded;
RESET ROLE;
-- The trigger runs for a role that has no right on the outbox.
SET ROLE regress_pg_resty_web;
INSERT INTO items VALUES (7, 'date', 8);
RESET ROLE;
SELECT routing_key, payload FROM pg_resty.outbox ORDER BY id;
-- Creating the trigger needs EXECUTE on it.
CREATE TABLE regress_owned (id int);
ALTER TABLE regress_owned OWNER TO regress_pg_resty_app;
SET ROLE regress_pg_resty_app;
CREATE TRIGGER t AFTER INSERT ON regress_owned FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change();
RESET ROLE;
DROP TABLE regress_owned;
REVOKE ALL ON items FROM regress_pg_resty_web;
REVOKE EXECUTE ON FUNCTION pg_resty.publish(text, text, text, jsonb) FROM regress_pg_resty_app;
DROP ROLE regress_pg_resty_app;
DROP ROLE regress_pg_resty_web;

-- The status view without a worker: not connected, the outbox count as pending.
SELECT connected, pending, published, last_error, last_publish_at, last_error_at, broker, worker_pid
FROM pg_resty.amqp_status;

-- The setting is reloadable, superuser-only (it holds a password), and checked.
SELECT name, setting, context FROM pg_settings WHERE name = 'pg_resty.amqp_url';
SET pg_resty.amqp_url = 'amqp://guest:guest@localhost:5672/';
ALTER SYSTEM SET pg_resty.amqp_url = 'amqps://localhost';
ALTER SYSTEM SET pg_resty.amqp_url = 'amqp://localhost:99999';
ALTER SYSTEM SET pg_resty.amqp_url = 'http://localhost';
ALTER SYSTEM SET pg_resty.amqp_url = 'amqp://app:secret@rabbit:5672/%2f';
ALTER SYSTEM RESET pg_resty.amqp_url;
CREATE ROLE regress_pg_resty_reader;
SET ROLE regress_pg_resty_reader;
SHOW pg_resty.amqp_url;
SELECT count(*) AS visible FROM pg_settings WHERE name = 'pg_resty.amqp_url';
RESET ROLE;
DROP ROLE regress_pg_resty_reader;

DROP TABLE items;
TRUNCATE pg_resty.outbox;

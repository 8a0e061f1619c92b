SET client_min_messages = notice;
-- Installing without shared_preload_libraries works and says the HTTP server is not running.
CREATE EXTENSION pg_resty;
SELECT pg_resty.is_preloaded();

-- What the extension owns.
SELECT pg_describe_object(classid, objid, objsubid) AS object
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_resty')
ORDER BY 1;

SELECT evtname, evtevent, evtenabled, evtfoid::regproc
FROM pg_event_trigger WHERE evtname LIKE 'pg_resty%' ORDER BY 1;

-- The schema is reserved-looking but ordinary; it goes away with the extension.
SELECT nspname FROM pg_namespace WHERE nspname = 'pg_resty';
DROP EXTENSION pg_resty;
SELECT count(*) AS leftover_schemas FROM pg_namespace WHERE nspname = 'pg_resty';
SELECT count(*) AS leftover_triggers FROM pg_event_trigger WHERE evtname LIKE 'pg_resty%';

-- Only a superuser may install it (it creates event triggers).
CREATE ROLE regress_pg_resty_user;
SET ROLE regress_pg_resty_user;
CREATE EXTENSION pg_resty;
RESET ROLE;
DROP ROLE regress_pg_resty_user;

CREATE EXTENSION pg_resty;

"""GET / and HEAD /: PostgREST's OpenAPI 2.0 description, following the role's privileges."""

import time

import pytest

OPENAPI = "application/openapi+json; charset=utf-8"

SETUP = """
COMMENT ON SCHEMA api IS $$pg_resty test API

Serves the end-to-end fixture$$;
COMMENT ON TABLE api.items IS 'Things for sale';
COMMENT ON COLUMN api.items.name IS 'What it is called';

CREATE TYPE api.openapi_mood AS ENUM ('happy', 'sad');
CREATE TABLE api.openapi_owners (
    id bigint PRIMARY KEY,
    label varchar(20) NOT NULL DEFAULT 'none',
    mood api.openapi_mood,
    created timestamptz DEFAULT now(),
    data jsonb,
    score int DEFAULT 42
);
CREATE TABLE api.openapi_pets (
    id int PRIMARY KEY,
    owner_id bigint REFERENCES api.openapi_owners,
    name text
);
CREATE VIEW api.openapi_pet_names AS SELECT id, name, owner_id FROM api.openapi_pets;
CREATE VIEW api.openapi_summary AS SELECT count(*) AS pets FROM api.openapi_pets;
COMMENT ON VIEW api.openapi_summary IS 'Pet counts';
GRANT SELECT ON api.openapi_owners, api.openapi_pets, api.openapi_pet_names,
                api.openapi_summary TO web_anon;

CREATE FUNCTION api.openapi_add(a int, b int DEFAULT 1) RETURNS int
    LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
COMMENT ON FUNCTION api.openapi_add(int, int) IS $$Adds numbers
Two of them, the second optional$$;
CREATE FUNCTION api.openapi_private() RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION api.openapi_private() FROM PUBLIC;
"""

TEARDOWN = """
COMMENT ON SCHEMA api IS NULL;
COMMENT ON TABLE api.items IS NULL;
COMMENT ON COLUMN api.items.name IS NULL;
DROP VIEW api.openapi_summary, api.openapi_pet_names;
DROP TABLE api.openapi_pets, api.openapi_owners;
DROP TYPE api.openapi_mood;
DROP FUNCTION api.openapi_add(int, int), api.openapi_private();
"""


def document(cluster):
    r = cluster.get("/")
    assert r.status == 200, r
    return r.json()


@pytest.fixture(scope="module")
def api(cluster):
    """The fixture plus commented objects; yields the document once the cache shows them."""
    cluster.psql(SETUP)
    try:
        deadline = time.monotonic() + 10
        while True:
            doc = document(cluster)
            if "/openapi_summary" in doc["paths"] and doc["info"]["title"] != "PostgREST API":
                break
            assert time.monotonic() < deadline, "the schema cache did not pick up the DDL"
            time.sleep(0.1)
        yield cluster
    finally:
        cluster.psql(TEARDOWN)


def test_root_is_openapi_json(api):
    r = api.get("/")
    assert r.status == 200
    assert r.headers["content-type"] == OPENAPI
    assert "content-range" not in r.headers
    doc = r.json()
    assert doc["swagger"] == "2.0"
    assert doc["host"] == f"localhost:{api.http_port}"
    assert doc["basePath"] == "/"
    assert doc["schemes"] == ["http"]
    assert doc["consumes"][0] == "application/json"
    assert "text/csv" in doc["produces"]
    assert doc["externalDocs"]["url"].startswith("https://postgrest.org/")
    root = doc["paths"]["/"]["get"]
    assert root["tags"] == ["Introspection"]
    assert root["produces"] == ["application/openapi+json", "application/json"]


def test_head_root_has_headers_but_no_body(api):
    r = api.request("HEAD", "/")
    assert r.status == 200
    assert r.headers["content-type"] == OPENAPI
    assert r.body == b""


def test_schema_comment_is_title_and_description(api):
    info = document(api)["info"]
    assert info["title"] == "pg_resty test API"
    assert info["description"] == "Serves the end-to-end fixture"


def test_granted_table_with_columns_and_types(api):
    doc = document(api)
    items = doc["paths"]["/items"]
    # A table: rows can be written, so PostgREST lists every method.
    assert list(items) == ["get", "post", "patch", "delete"]
    assert items["get"]["summary"] == "Things for sale"
    assert items["get"]["responses"]["200"]["schema"] == {
        "items": {"$ref": "#/definitions/items"}, "type": "array"}
    refs = [p["$ref"] for p in items["get"]["parameters"]]
    assert refs[:5] == [f"#/parameters/rowFilter.items.{c}"
                        for c in ("id", "name", "price", "tags", "in_stock")]
    assert refs[5:] == ["#/parameters/" + p for p in
                        ("select", "order", "range", "rangeUnit", "offset", "limit",
                         "preferCount")]

    definition = doc["definitions"]["items"]
    assert definition["type"] == "object"
    assert definition["description"] == "Things for sale"
    assert definition["required"] == ["id", "name"]
    props = definition["properties"]
    assert list(props) == ["id", "name", "price", "tags", "in_stock"]
    assert props["id"] == {"description": "Note:\nThis is a Primary Key.<pk/>",
                           "format": "integer", "type": "integer"}
    assert props["name"] == {"description": "What it is called", "format": "text",
                             "type": "string"}
    assert props["price"] == {"format": "numeric", "type": "number"}
    assert props["tags"] == {"format": "text[]", "type": "array", "items": {"type": "string"}}
    assert props["in_stock"] == {"format": "boolean", "type": "boolean"}

    params = doc["parameters"]
    assert params["rowFilter.items.name"] == {
        "name": "name", "description": "What it is called", "required": False, "in": "query",
        "type": "string"}
    assert params["body.items"]["schema"] == {"$ref": "#/definitions/items"}


def test_ungranted_and_unexposed_relations_are_left_out(api):
    doc = document(api)
    assert "/secrets" not in doc["paths"]
    assert "secrets" not in doc["definitions"]
    assert not [name for name in doc["parameters"] if ".secrets" in name]
    assert "/internal" not in doc["paths"]


def test_privileges_are_the_requests_own(api):
    api.sql("GRANT SELECT ON api.secrets TO web_anon")
    try:
        doc = document(api)
        assert "/secrets" in doc["paths"]
        assert doc["definitions"]["secrets"]["properties"]["secret"]["type"] == "string"
    finally:
        api.sql("REVOKE SELECT ON api.secrets FROM web_anon")
    assert "/secrets" not in document(api)["paths"]


def test_type_mapping_defaults_and_enums(api):
    props = document(api)["definitions"]["openapi_owners"]["properties"]
    assert props["id"]["format"] == "bigint" and props["id"]["type"] == "integer"
    assert props["label"] == {"default": "none", "format": "character varying",
                              "maxLength": 20, "type": "string"}
    assert props["mood"] == {"enum": ["happy", "sad"], "format": "api.openapi_mood",
                             "type": "string"}
    assert props["created"] == {"default": "now()", "format": "timestamp with time zone",
                                "type": "string"}
    assert props["data"] == {"format": "jsonb"}
    assert props["score"] == {"default": 42, "format": "integer", "type": "integer"}


def test_foreign_keys_and_view_keys_are_noted(api):
    doc = document(api)
    fk = "Note:\nThis is a Foreign Key to `openapi_owners.id`.<fk table='openapi_owners' column='id'/>"
    assert doc["definitions"]["openapi_pets"]["properties"]["owner_id"]["description"] == fk
    view = doc["definitions"]["openapi_pet_names"]["properties"]
    assert view["id"]["description"] == "Note:\nThis is a Primary Key.<pk/>"
    assert view["owner_id"]["description"] == fk
    # View columns are nullable as far as the catalog knows.
    assert "required" not in doc["definitions"]["openapi_pet_names"]


def test_views_list_the_methods_they_support(api):
    paths = document(api)["paths"]
    assert list(paths["/openapi_pet_names"]) == ["get", "post", "patch", "delete"]
    assert list(paths["/openapi_summary"]) == ["get"]
    assert paths["/openapi_summary"]["get"]["summary"] == "Pet counts"


def test_functions_appear_under_rpc(api):
    paths = document(api)["paths"]
    add = paths["/rpc/openapi_add"]
    # Immutable: callable with GET as well.
    assert list(add) == ["get", "post"]
    assert add["post"]["tags"] == ["(rpc) openapi_add"]
    assert add["post"]["summary"] == "Adds numbers"
    assert add["post"]["description"] == "Two of them, the second optional"
    args = add["post"]["parameters"][0]
    assert args["name"] == "args" and args["in"] == "body"
    assert args["schema"]["required"] == ["a"]
    assert args["schema"]["properties"] == {
        "a": {"format": "integer", "type": "integer"},
        "b": {"format": "integer", "type": "integer"}}
    assert [(p["name"], p["required"]) for p in add["get"]["parameters"]] == [
        ("a", True), ("b", False)]
    # Volatile: POST only.
    assert list(paths["/rpc/write_something"]) == ["post"]
    assert "/rpc/slow_value" in paths


def test_functions_without_execute_are_left_out(api):
    assert "/rpc/openapi_private" not in document(api)["paths"]


@pytest.mark.parametrize("accept", ["application/json", "*/*", "application/openapi+json",
                                    "text/csv, application/json;q=0.5"])
def test_root_accepts_openapi_json_or_any(api, accept):
    r = api.get("/", headers={"Accept": accept})
    assert r.status == 200, r
    assert r.headers["content-type"] == OPENAPI


@pytest.mark.parametrize("accept,listed", [
    ("text/csv", "text/csv"),
    ("application/vnd.pgrst.object+json", "application/vnd.pgrst.object+json"),
    ("text/html, text/plain", "text/html, text/plain"),
])
def test_root_refuses_other_media_types_with_406(api, accept, listed):
    r = api.get("/", headers={"Accept": accept})
    assert r.status == 406, r
    assert r.json() == {"code": "PGRST107", "details": None, "hint": None,
                        "message": f"None of these media types are available: {listed}"}


def set_openapi_mode(cluster, mode, probe):
    """Sets pg_resty.openapi_mode, reloads, and waits until `probe(response)` holds."""
    if mode is None:
        cluster.sql("ALTER SYSTEM RESET pg_resty.openapi_mode")
    else:
        cluster.sql(f"ALTER SYSTEM SET pg_resty.openapi_mode = '{mode}'")
    cluster.reload_config()
    deadline = time.monotonic() + 10
    while not probe(api_get_root(cluster)):
        assert time.monotonic() < deadline, f"openapi_mode {mode} did not take effect"
        time.sleep(0.1)


def api_get_root(cluster):
    # Both workers must have reloaded: ask on fresh connections a few times.
    return [cluster.get("/") for _ in range(4)]


def test_openapi_mode_ignore_privileges_and_disabled(api):
    try:
        set_openapi_mode(api, "ignore-privileges",
                         lambda rs: all(r.status == 200 and b"/secrets" in r.body for r in rs))
        doc = document(api)
        assert "/secrets" in doc["paths"]
        assert "/rpc/openapi_private" in doc["paths"]
        assert "/internal" not in doc["paths"]

        set_openapi_mode(api, "disabled", lambda rs: all(r.body == b"" for r in rs))
        r = api.get("/")
        assert r.status == 200
        assert r.headers["content-type"] == OPENAPI
        assert r.body == b""
        # The media type is still negotiated.
        assert api.get("/", headers={"Accept": "text/csv"}).status == 406
    finally:
        set_openapi_mode(api, None, lambda rs: all(
            r.status == 200 and b"/secrets" not in r.body and r.body for r in rs))


def test_openapi_server_proxy_uri(api):
    with pytest.raises(RuntimeError, match="Malformed proxy uri"):
        api.sql("ALTER SYSTEM SET pg_resty.openapi_server_proxy_uri = 'ftp://example.org'")
    try:
        api.sql("ALTER SYSTEM SET pg_resty.openapi_server_proxy_uri = "
                "'https://api.example.org:8443/v1'")
        api.reload_config()
        deadline = time.monotonic() + 10
        while not all(b"api.example.org" in r.body for r in api_get_root(api)):
            assert time.monotonic() < deadline, "the proxy URI did not take effect"
            time.sleep(0.1)
        doc = document(api)
        assert doc["host"] == "api.example.org:8443"
        assert doc["basePath"] == "/v1"
        assert doc["schemes"] == ["https"]
    finally:
        api.sql("ALTER SYSTEM RESET pg_resty.openapi_server_proxy_uri")
        api.reload_config()
        deadline = time.monotonic() + 10
        while not all(b"api.example.org" not in r.body for r in api_get_root(api)):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    assert document(api)["host"] == f"localhost:{api.http_port}"

"""Query parameters on embedded resources (filters, logic, order, limit/offset, null filters),
related orders, counts that agree with the page, and Prefer: timezone, as in PostgREST v12."""

import urllib.parse

import pytest

SCHEMA = """
CREATE TABLE api.clients (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE api.projects (id int PRIMARY KEY, name text NOT NULL,
                           client_id int REFERENCES api.clients);
CREATE TABLE api.tasks (id int PRIMARY KEY, name text NOT NULL,
                        project_id int REFERENCES api.projects);
CREATE TABLE api.tz_events (id int PRIMARY KEY, at timestamptz);
INSERT INTO api.clients VALUES (1, 'Microsoft'), (2, 'Apple'), (3, 'Nobody');
INSERT INTO api.projects VALUES (1, 'Windows 7', 1), (2, 'Windows 10', 1), (3, 'IOS', 2),
                                (4, 'OSX', 2), (5, 'Orphan', NULL);
INSERT INTO api.tasks VALUES (1, 'Design w7', 1), (2, 'Code w7', 1), (3, 'Design w10', 2),
                             (4, 'Code w10', 2), (5, 'Design IOS', 3), (6, 'Code IOS', 3),
                             (7, 'Design OSX', 4), (8, 'Code OSX', 4);
INSERT INTO api.tz_events VALUES (1, '2020-01-01 12:00:00+00');
GRANT SELECT ON api.clients, api.projects, api.tasks, api.tz_events TO web_anon;
"""

TEARDOWN = "DROP TABLE api.tasks, api.projects, api.clients, api.tz_events;"


@pytest.fixture(scope="module", autouse=True)
def tables(cluster):
    cluster.psql(SCHEMA)
    cluster.wait_until_serving("/tz_events")
    yield
    cluster.psql(TEARDOWN)


def get(cluster, target, status=200, headers=None):
    r = cluster.get(target, headers=headers)
    assert r.status == status, r
    return r


def rows(cluster, target, headers=None):
    return get(cluster, target, headers=headers).json()


def error(cluster, target, status=400):
    r = get(cluster, target, status)
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    return r.json()


def test_filter_and_order_on_a_to_many_embed(cluster):
    assert rows(cluster, "/clients?select=id,projects(id)&projects.id=gt.2&projects.order=id"
                         "&order=id") == [
        {"id": 1, "projects": []},
        {"id": 2, "projects": [{"id": 3}, {"id": 4}]},
        {"id": 3, "projects": []},
    ]


def test_order_limit_and_offset_on_an_embed(cluster):
    assert rows(cluster, "/clients?select=id,projects(id)&projects.order=id.desc"
                         "&projects.limit=1&projects.offset=1&order=id") == [
        {"id": 1, "projects": [{"id": 1}]},
        {"id": 2, "projects": [{"id": 3}]},
        {"id": 3, "projects": []},
    ]


def test_nested_embed_path(cluster):
    assert rows(cluster, "/clients?select=id,projects(id,tasks(id))&projects.order=id"
                         "&projects.tasks.name=like.Code*&projects.tasks.order=id&id=eq.1") == [
        {"id": 1, "projects": [{"id": 1, "tasks": [{"id": 2}]}, {"id": 2, "tasks": [{"id": 4}]}]},
    ]


def test_alias_reaches_the_embed(cluster):
    assert rows(cluster, "/clients?select=id,work:projects(name)&work.name=eq.IOS&id=eq.2") == [
        {"id": 2, "work": [{"name": "IOS"}]},
    ]


def test_logic_tree_on_an_embed(cluster):
    q = urllib.parse.quote("(id.eq.1,name.eq.IOS)")
    assert rows(cluster, f"/clients?select=id,projects(id)&projects.or={q}&projects.order=id"
                         "&order=id") == [
        {"id": 1, "projects": [{"id": 1}]},
        {"id": 2, "projects": [{"id": 3}]},
        {"id": 3, "projects": []},
    ]


def test_not_null_filter_on_a_to_many_embed(cluster):
    target = ("/clients?select=id,projects(id)&projects=not.is.null&projects.id=gt.2"
              "&projects.order=id&order=id")
    r = get(cluster, target, headers={"Prefer": "count=exact"})
    assert r.json() == [{"id": 2, "projects": [{"id": 3}, {"id": 4}]}]
    # The count agrees with the page.
    assert r.headers["content-range"] == "0-0/1"


def test_null_filter_on_a_to_many_embed(cluster):
    target = "/clients?select=id,projects(id)&projects=is.null&projects.id=gt.2&order=id"
    r = get(cluster, target, headers={"Prefer": "count=exact"})
    assert r.json() == [{"id": 1, "projects": []}, {"id": 3, "projects": []}]
    assert r.headers["content-range"] == "0-1/2"


def test_null_filters_on_a_to_one_embed(cluster):
    assert rows(cluster, "/projects?select=id,clients(name)&clients=is.null") == [
        {"id": 5, "clients": None}]
    assert rows(cluster, "/projects?select=id,clients(name)&clients.name=eq.Apple"
                         "&clients=not.is.null&order=id") == [
        {"id": 3, "clients": {"name": "Apple"}},
        {"id": 4, "clients": {"name": "Apple"}},
    ]


def test_null_filter_inside_a_logic_tree(cluster):
    q = urllib.parse.quote("(clients.is.null,id.eq.1)")
    assert rows(cluster, f"/projects?select=id,clients(id)&or={q}&order=id") == [
        {"id": 1, "clients": {"id": 1}},
        {"id": 5, "clients": None},
    ]


def test_inner_embed_count_agrees_with_the_page(cluster):
    r = get(cluster, "/projects?select=id,clients!inner(name)&clients.name=eq.Apple&order=id",
            headers={"Prefer": "count=exact"})
    assert r.json() == [{"id": 3, "clients": {"name": "Apple"}},
                        {"id": 4, "clients": {"name": "Apple"}}]
    assert r.headers["content-range"] == "0-1/2"
    # Nested !inner counts through both levels.
    r = cluster.get("/clients?select=id,projects!inner(id,tasks!inner(id))"
                    "&projects.tasks.name=eq.Code%20OSX&limit=0",
                    headers={"Prefer": "count=exact"})
    assert r.status == 206, r
    assert r.headers["content-range"] == "*/1"


def test_limit_on_a_to_one_embed(cluster):
    assert rows(cluster, "/projects?select=id,clients(name)&clients.limit=0&id=eq.1") == [
        {"id": 1, "clients": None}]


def test_order_by_a_to_one_embed(cluster):
    assert rows(cluster, "/projects?select=id,clients(name)&order=clients(name).desc,id") == [
        {"id": 5, "clients": None},
        {"id": 1, "clients": {"name": "Microsoft"}},
        {"id": 2, "clients": {"name": "Microsoft"}},
        {"id": 3, "clients": {"name": "Apple"}},
        {"id": 4, "clients": {"name": "Apple"}},
    ]
    assert rows(cluster, "/projects?select=id,client:clients(name)"
                         "&order=client(name).asc.nullslast,id.desc&limit=3") == [
        {"id": 4, "client": {"name": "Apple"}},
        {"id": 3, "client": {"name": "Apple"}},
        {"id": 2, "client": {"name": "Microsoft"}},
    ]


def test_order_by_a_to_many_embed_is_pgrst118(cluster):
    assert error(cluster, "/clients?select=id,projects(id)&order=projects(id)") == {
        "code": "PGRST118",
        "details": "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
        "hint": None,
        "message": "A related order on 'projects' is not possible",
    }


@pytest.mark.parametrize("target", [
    "/clients?select=id&projects.id=eq.1",
    "/clients?select=id&projects.order=id",
    "/clients?select=id&projects.limit=1",
    "/clients?select=id&projects.or=(id.eq.1)",
    "/clients?select=id&order=projects(id)",
    "/clients?select=id,tasks:projects(id)&tasks.projects.id=eq.1",
])
def test_parameter_for_a_resource_not_embedded_is_pgrst108(cluster, target):
    name = "projects"
    assert error(cluster, target) == {
        "code": "PGRST108",
        "details": None,
        "hint": f"Verify that '{name}' is included in the 'select' query parameter.",
        "message": f"'{name}' is not an embedded resource in this request",
    }


def test_unknown_column_of_an_embed(cluster):
    assert error(cluster, "/clients?select=id,projects(id)&projects.nope=eq.1") == {
        "code": "42703",
        "details": None,
        "hint": None,
        "message": "column projects_1.nope does not exist",
    }


@pytest.mark.parametrize("target", [
    "/clients?select=id,projects(id)&projects." + urllib.parse.quote(
        '"id\\"; DROP TABLE api.tasks; --"') + "=eq.1",
    "/clients?select=id,projects(id)&" + urllib.parse.quote("projects;DROP TABLE api.tasks.id")
    + "=eq.1",
    "/clients?select=id,projects(id)&projects.order=" + urllib.parse.quote(
        "id;DROP TABLE api.tasks"),
    "/projects?select=id,clients(id)&order=" + urllib.parse.quote(
        'clients("id\\") DESC; DROP TABLE api.tasks; --")'),
    "/projects?select=id,clients(id)&order=" + urllib.parse.quote(
        '"clients\\"(x)"(id)'),
])
def test_injection_in_embed_paths_and_orders_is_refused(cluster, target):
    r = cluster.get(target)
    assert 400 <= r.status < 500, r
    assert r.json()["code"] in ("PGRST100", "PGRST108", "42703"), r
    assert rows(cluster, "/tasks?select=id&id=eq.1") == [{"id": 1}]


def test_timezone_preference_is_applied(cluster):
    r = get(cluster, "/tz_events?select=at",
            headers={"Prefer": "timezone=America/Los_Angeles"})
    assert r.json() == [{"at": "2020-01-01T04:00:00-08:00"}]
    assert r.headers["preference-applied"] == "timezone=America/Los_Angeles"
    r = get(cluster, "/tz_events?select=at",
            headers={"Prefer": "handling=strict, timezone=Asia/Kolkata"})
    assert r.json() == [{"at": "2020-01-01T17:30:00+05:30"}]
    assert r.headers["preference-applied"] == "handling=strict, timezone=Asia/Kolkata"
    # Transaction-local: the next request is back to the server's zone.
    plain = rows(cluster, "/tz_events?select=at")
    zone = cluster.sql("SHOW timezone")
    expected = cluster.sql(f"SET timezone = '{zone}'; SELECT to_json(at) FROM api.tz_events")
    assert plain == [{"at": expected.strip('"')}]


def test_invalid_timezone_is_ignored_or_refused(cluster):
    r = get(cluster, "/tz_events?select=at", headers={"Prefer": "timezone=Nowhere/Land"})
    assert r.json() == rows(cluster, "/tz_events?select=at")
    assert "preference-applied" not in r.headers
    r = get(cluster, "/tz_events?select=at",
            headers={"Prefer": "handling=strict, timezone=Nowhere/Land"}, status=400)
    assert r.json() == {
        "code": "PGRST122",
        "details": "Invalid preferences: timezone=Nowhere/Land",
        "hint": None,
        "message": "Invalid preferences given with handling=strict",
    }

"""Range / limit / offset windows, Content-Range, 206 and 416, and Prefer: count= as PostgREST
v12 answers them."""


import pytest

from helpers import wait_settled

JSON = "application/json; charset=utf-8"


def ids(response):
    return [row["id"] for row in response.json()]


def exact(headers=None):
    return {"Prefer": "count=exact", **(headers or {})}


def error_body(details):
    return {"code": "PGRST103", "details": details, "hint": None,
            "message": "Requested range not satisfiable"}


NEGATIVE_LIMIT = "Limit should be greater than or equal to zero."
LOWER_GT_UPPER = ("The lower boundary must be lower than or equal to the upper boundary in the "
                  "Range header.")


# -- the Range header --------------------------------------------------------------------------

@pytest.mark.parametrize("range_header, expected, content_range", [
    ("0-1", [1, 2], "0-1/*"),
    ("1-", [2, 3, 4, 5], "1-4/*"),
    ("3-3", [4], "3-3/*"),
    ("2-100", [3, 4, 5], "2-4/*"),
    ("10-20", [], "*/*"),
])
def test_range_header_selects_rows(cluster, range_header, expected, content_range):
    r = cluster.get("/items?order=id", headers={"Range": range_header})
    assert r.status == 200
    assert ids(r) == expected
    assert r.headers["content-range"] == content_range


def test_range_unit_items_is_accepted(cluster):
    r = cluster.get("/items?order=id", headers={"Range-Unit": "items", "Range": "0-1"})
    assert r.status == 200
    assert ids(r) == [1, 2]
    assert r.headers["content-range"] == "0-1/*"


@pytest.mark.parametrize("value", ["items=0-1", "0-1 ", "-1", "a-b", "0-1-2", "bytes=0-1"])
def test_other_range_values_are_ignored(cluster, value):
    r = cluster.get("/items?order=id", headers={"Range": value})
    assert r.status == 200
    assert ids(r) == [1, 2, 3, 4, 5]
    assert r.headers["content-range"] == "0-4/*"


def test_range_header_meets_limit_and_offset(cluster):
    r = cluster.get("/items?order=id&offset=2&limit=10", headers={"Range": "0-3"})
    assert ids(r) == [3, 4]
    assert r.headers["content-range"] == "2-3/*"
    r = cluster.get("/items?order=id&limit=2", headers={"Range": "1-3"})
    assert ids(r) == [2]
    assert r.headers["content-range"] == "1-1/*"


def test_reversed_range_is_416(cluster):
    r = cluster.get("/items", headers={"Range": "3-1"})
    assert r.status == 416
    assert r.headers["content-type"] == JSON
    assert r.json() == error_body(LOWER_GT_UPPER)


def test_disjoint_range_and_limit_is_416(cluster):
    r = cluster.get("/items?limit=5", headers={"Range": "10-20"})
    assert r.status == 416
    assert r.json() == error_body(NEGATIVE_LIMIT)


def test_head_ignores_the_range_header_as_postgrest_does(cluster):
    # PostgREST reads Range for GET only (RFC 9110); limit/offset still apply to HEAD.
    r = cluster.request("HEAD", "/items", headers={"Range": "0-1"})
    assert r.status == 200
    assert r.headers["content-range"] == "0-4/*"
    r = cluster.request("HEAD", "/items?limit=2", headers={"Range": "3-1"})
    assert r.status == 200
    assert r.headers["content-range"] == "0-1/*"


# -- limit=0 ----------------------------------------------------------------------------------

def test_limit_zero_returns_nothing(cluster):
    r = cluster.get("/items?limit=0", headers={"Range": "1-2"})
    assert r.status == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"
    r = cluster.get("/items?limit=0", headers=exact())
    assert r.status == 206
    assert r.headers["content-range"] == "*/5"


def test_limit_zero_with_offset_is_416_like_postgrest(cluster):
    r = cluster.get("/items?limit=0&offset=2")
    assert r.status == 416
    assert r.json() == error_body(NEGATIVE_LIMIT)


# -- exact counts -----------------------------------------------------------------------------

def test_exact_count_of_everything_is_200(cluster):
    r = cluster.get("/items?order=id", headers=exact())
    assert r.status == 200
    assert len(r.json()) == 5
    assert r.headers["content-range"] == "0-4/5"
    assert r.headers["preference-applied"] == "count=exact"


def test_exact_count_of_a_partial_page_is_206(cluster):
    r = cluster.get("/items?order=id&limit=2&offset=1", headers=exact())
    assert r.status == 206
    assert ids(r) == [2, 3]
    assert r.headers["content-range"] == "1-2/5"
    r = cluster.get("/items?order=id", headers=exact({"Range": "1-2"}))
    assert r.status == 206
    assert r.headers["content-range"] == "1-2/5"


def test_exact_count_counts_the_filtered_rows(cluster):
    r = cluster.get("/items?id=gt.2&order=id", headers=exact())
    assert r.status == 200
    assert r.headers["content-range"] == "0-2/3"
    r = cluster.get("/items?id=gt.2&order=id&limit=1", headers=exact())
    assert r.status == 206
    assert r.headers["content-range"] == "0-0/3"


def test_exact_count_of_nothing(cluster):
    r = cluster.get("/items?id=gt.100", headers=exact())
    assert r.status == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/0"
    r = cluster.get("/nothing", headers=exact())
    assert r.status == 200
    assert r.headers["content-range"] == "*/0"


def test_offset_at_the_end_is_206(cluster):
    r = cluster.get("/items?offset=5", headers=exact())
    assert r.status == 206
    assert r.json() == []
    assert r.headers["content-range"] == "*/5"


def test_offset_past_the_end_is_416_with_the_reads_headers(cluster):
    r = cluster.get("/items?offset=10", headers=exact())
    assert r.status == 416
    assert r.headers["content-range"] == "*/5"
    assert r.headers["content-type"] == JSON
    assert r.headers["preference-applied"] == "count=exact"
    assert r.json() == error_body("An offset of 10 was requested, but there are only 5 rows.")
    r = cluster.get("/nothing?offset=1", headers=exact())
    assert r.status == 416
    assert r.json() == error_body("An offset of 1 was requested, but there are only 0 rows.")


def test_offset_past_the_end_without_count_is_fine(cluster):
    r = cluster.get("/items?offset=10")
    assert r.status == 200
    assert r.headers["content-range"] == "*/*"


def test_head_with_count_has_the_same_status_and_headers(cluster):
    get = cluster.get("/items?limit=1", headers=exact())
    head = cluster.request("HEAD", "/items?limit=1", headers=exact())
    assert head.status == get.status == 206
    assert head.body == b""
    for name in ("content-range", "content-type", "preference-applied", "content-profile"):
        assert head.headers[name] == get.headers[name], name
    assert head.headers["content-range"] == "0-0/5"


def test_count_is_a_parameterised_cte_in_the_same_statement(cluster):
    value = "1) OR (1=1"
    r = cluster.get("/items?name=eq." + value.replace(" ", "%20"), headers=exact())
    assert r.status == 200
    assert r.headers["content-range"] == "*/0"


# -- planned and estimated counts ------------------------------------------------------------

def test_planned_count_is_the_planners_estimate(cluster):
    r = cluster.get("/numbers?limit=10", headers={"Prefer": "count=planned"})
    assert r.status == 206
    assert r.headers["content-range"] == "0-9/1000"
    assert r.headers["preference-applied"] == "count=planned"
    # A unique key: the planner expects one row.
    r = cluster.get("/numbers?n=eq.5", headers={"Prefer": "count=planned"})
    assert r.status == 200
    assert r.headers["content-range"] == "0-0/1"


def test_planned_count_parameters_stay_parameters(cluster):
    r = cluster.get("/numbers?n=eq.abc", headers={"Prefer": "count=planned"})
    assert r.status == 400
    assert r.json()["code"] == "22P02"


def test_estimated_count_without_max_rows_is_the_larger_of_both(cluster):
    r = cluster.get("/numbers?limit=3", headers={"Prefer": "count=estimated"})
    assert r.status == 206
    assert r.headers["content-range"] == "0-2/1000"
    assert r.headers["preference-applied"] == "count=estimated"
    r = cluster.get("/items?limit=2", headers={"Prefer": "count=estimated"})
    total = int(r.headers["content-range"].split("/")[1])
    assert total >= 5




@pytest.fixture
def max_rows_10(cluster):
    cluster.sql("ALTER SYSTEM SET pg_resty.max_rows = 10")
    cluster.reload_config()
    assert wait_settled(lambda: len(cluster.get("/numbers").json()) == 10)
    try:
        yield
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.max_rows")
        cluster.reload_config()
        assert wait_settled(lambda: len(cluster.get("/numbers").json()) == 1000)


def test_max_rows_caps_the_page_not_the_count(cluster, max_rows_10):
    r = cluster.get("/numbers", headers=exact())
    assert r.status == 206
    assert len(r.json()) == 10
    assert r.headers["content-range"] == "0-9/1000"
    r = cluster.get("/numbers")
    assert r.status == 200
    assert r.headers["content-range"] == "0-9/*"
    r = cluster.get("/numbers?offset=995", headers=exact())
    assert r.status == 206
    assert r.headers["content-range"] == "995-999/1000"


def test_estimated_count_is_exact_up_to_max_rows(cluster, max_rows_10):
    r = cluster.get("/numbers?n=lte.8&limit=5", headers={"Prefer": "count=estimated"})
    assert r.status == 206
    assert r.headers["content-range"] == "0-4/8"


def test_estimated_count_past_max_rows_is_the_planners(cluster, max_rows_10):
    r = cluster.get("/numbers", headers={"Prefer": "count=estimated"})
    assert r.status == 206
    assert len(r.json()) == 10
    assert r.headers["content-range"] == "0-9/1000"


# -- Prefer handling ----------------------------------------------------------------------------

def test_strict_handling_refuses_unknown_preferences(cluster):
    r = cluster.get("/items", headers={"Prefer": "handling=strict, foo, bar"})
    assert r.status == 400
    assert r.headers["content-type"] == JSON
    assert r.json() == {"code": "PGRST122", "details": "Invalid preferences: foo, bar",
                        "hint": None, "message": "Invalid preferences given with handling=strict"}


def test_lenient_handling_ignores_them_and_is_echoed(cluster):
    r = cluster.get("/items", headers={"Prefer": "handling=lenient, foo, count=exact"})
    assert r.status == 200
    assert r.headers["preference-applied"] == "count=exact, handling=lenient"


def test_strict_handling_with_known_preferences_only(cluster):
    r = cluster.get("/items?limit=1", headers={"Prefer": "handling=strict, count=exact"})
    assert r.status == 206
    assert r.headers["preference-applied"] == "count=exact, handling=strict"


def test_several_prefer_headers_are_read(cluster):
    conn = cluster.connection()
    try:
        conn.putrequest("GET", "/items?limit=1")
        conn.putheader("Prefer", "count=exact")
        conn.putheader("Prefer", "handling=lenient")
        conn.endheaders()
        r = conn.getresponse()
        r.read()
        assert r.status == 206
        assert r.getheader("Preference-Applied") == "count=exact, handling=lenient"
        assert r.getheader("Content-Range") == "0-0/5"
    finally:
        conn.close()


def test_no_preference_applied_without_preferences(cluster):
    r = cluster.get("/items", headers={"Prefer": "return=representation"})
    assert r.status == 200
    assert "preference-applied" not in r.headers

"""PostgREST's filter grammar end to end: every operator, logic trees, JSON paths, errors.

The rows of api.things (fixture.sql):
  1 apple           data {"a":{"b":"x"},"n":1}          during [1,5)     nums {1,2,3} tags {fruit,red}
  2 banana          data {"a":{"b":"y"},"n":2,"arr":[10,20]}  [5,10)      {2,3}        {fruit}
  3 cherry          data [{"d":"test"},5]                [10,20)         {3}          {}
  4 Durian          everything NULL                      empty           NULL         NULL
  5 egg, plant (5)  data {"a":null,"n":5,"x y":"space"}  [100,200)       {5,6}        {"a,b",c}
"""

import urllib.parse

import pytest

JSON = "application/json; charset=utf-8"


def target(query):
    # Keys and values are percent-encoded as a client would; '&' and '=' keep their roles.
    return "/things?" + urllib.parse.quote(query, safe="&=(),.*:!$")


def ids(cluster, query):
    r = cluster.get(target(f"select=id&order=id&{query}"))
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON
    return [row["id"] for row in r.json()]


def error(cluster, query, status):
    r = cluster.get(target(query))
    assert r.status == status, r
    assert r.headers["content-type"] == JSON
    body = r.json()
    assert r.headers["proxy-status"] == "PostgREST; error=" + body["code"]
    return body


# --- every operator ------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    # comparisons
    ("id=eq.2", [2]),
    ("id=neq.2", [1, 3, 4, 5]),
    ("id=gt.3", [4, 5]),
    ("id=gte.3", [3, 4, 5]),
    ("id=lt.3", [1, 2]),
    ("id=lte.3", [1, 2, 3]),
    # patterns: '*' is '%'
    ("name=like.*an*", [2, 4, 5]),
    ("name=like.D*", [4]),
    ("name=ilike.d*", [4]),
    ("name=match.^[a-c]", [1, 2, 3]),
    ("name=imatch.^d", [4]),
    ("name=not.match.a", [3]),
    # in, is, isdistinct
    ("id=in.(1,3)", [1, 3]),
    ('name=in.("egg, plant (5)",apple)', [1, 5]),
    ("id=in.()", []),
    ("id=not.in.()", [1, 2, 3, 4, 5]),
    ("data=is.null", [4]),
    ("data=is.not_null", [1, 2, 3, 5]),
    ("nums=not.is.null", [1, 2, 3, 5]),
    ("name=isdistinct.apple", [2, 3, 4, 5]),
    ("nums=isdistinct.{1,2,3}", [2, 3, 4, 5]),
    ("during=isdistinct.[1,5)", [2, 3, 4, 5]),
    # arrays
    ("tags=cs.{fruit}", [1, 2]),
    ("nums=cs.{2,3}", [1, 2]),
    ('tags=cs.{"a,b"}', [5]),
    ("nums=cd.{1,2,3,4}", [1, 2, 3]),
    ("nums=ov.{3,5}", [1, 2, 3, 5]),
    ("nums=eq.{2,3}", [2]),
    ("nums=lt.{2}", [1]),
    ("tags=not.cs.{fruit}", [3, 5]),
    # ranges
    ("during=eq.empty", [4]),
    ("during=cs.[2,3]", [1]),
    ("during=cd.[0,10)", [1, 2, 4]),
    ("during=ov.[4,6)", [1, 2]),
    ("during=ov.(4,6)", [2]),
    ("during=sl.[20,30)", [1, 2, 3]),
    ("during=sr.[0,6)", [3, 5]),
    ("during=nxr.[0,10)", [1, 2]),
    ("during=nxl.[5,6)", [2, 3, 5]),
    ("during=adj.[10,100)", [2, 5]),
    # jsonb containment
    ('data=cs.{"n":5}', [5]),
    ('data=cd.{"n":5,"a":null,"x y":"space","z":1}', [5]),
    # full-text search on a tsvector column
    ("search=fts(english).cat", [1]),
    ("search=fts.rat", [1, 2]),
    ("search=plfts(english).fat rats", [1, 2]),
    ("search=phfts(english).fat rats", [2]),
    ("search=wfts(english).fat -cats", [2]),
    ("search=not.fts(english).rat", [3, 5]),
    ("search=fts(french).chat", [3]),
    # ... and on text/jsonb columns, through to_tsvector()
    ("body=fts(french).amusant", [3]),
    ("body=fts.impossible", [5]),
    ("body=plfts.chats", [3]),
    ("name=wfts(simple).egg plant", [5]),
    ("data=fts(simple).x", [1]),
    # any/all quantifiers
    ("id=eq(any).{1,3}", [1, 3]),
    ("id=gt(all).{1,2}", [3, 4, 5]),
    ("id=gte(any).{5}", [5]),
    ("id=lt(all).{3}", [1, 2]),
    ("id=lte(any).{1}", [1]),
    ("id=not.eq(any).{1,2}", [3, 4, 5]),
    ("name=like(any).{a*,*rian}", [1, 4]),
    ("name=ilike(all).{*A*,*N*}", [2, 4, 5]),
    ("name=match(any).{^c,^D}", [3, 4]),
    ("name=imatch(all).{^d,n$}", [4]),
    # several filters AND together
    ("id=gt.1&id=lt.4&name=not.like.b*", [3]),
])
def test_operator(cluster, query, expected):
    assert ids(cluster, query) == expected


# --- JSON paths ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("data->a->>b=eq.x", [1]),
    ("data->a->>b=in.(x,y)", [1, 2]),
    ("data->>n=eq.2", [2]),
    ("data->n=eq.2", [2]),
    ("data->>n=gt.1", [2, 5]),
    ('data->a=eq.{"b":"x"}', [1]),
    ("data->arr->1=eq.20", [2]),
    ("data->0->>d=eq.test", [3]),
    ("data->-1=eq.5", [3]),
    ("data->>x y=eq.space", [5]),
    ('data->>"x y"=eq.space', [5]),
    ("data->>n=is.null", [3, 4]),
    ("data->>n=eq(any).{1,5}", [1, 5]),
    ("data->a->>b=fts(simple).y", [2]),
    ("doc->>k=eq.v2", [2]),
    ("doc->>k=like.v*", [1, 2, 5]),
    # composites and arrays go through to_jsonb(), as in PostgREST
    ("num->>r=gt.1.5", [2, 3]),
    ("num->i=eq.0.25", [3]),
    ("nums->0=eq.2", [2]),
    ("nums->>-1=eq.3", [1, 2, 3]),
])
def test_json_path_filter(cluster, query, expected):
    assert ids(cluster, query) == expected


def test_json_paths_in_select_are_named_like_postgrest(cluster):
    r = cluster.get(target("select=id,data->a->>b,data->a,data->>n,num->>r,num->i,nums->0,"
                           "x:doc->>k&id=eq.1"))
    assert r.status == 200, r
    assert r.json() == [{"id": 1, "b": "x", "a": {"b": "x"}, "n": "1", "r": "1.5", "i": 0.5,
                         "nums": 1, "x": "v1"}]
    assert list(r.json()[0].keys()) == ["id", "b", "a", "n", "r", "i", "nums", "x"]


def test_json_path_index_only_is_named_after_the_column(cluster):
    r = cluster.get(target("select=data->0->>d,last:data->-1&id=eq.3"))
    assert r.status == 200, r
    assert r.json() == [{"d": "test", "last": 5}]
    r = cluster.get(target("select=data->0&id=eq.3"))
    assert r.json() == [{"data": {"d": "test"}}]


def test_json_path_with_cast(cluster):
    r = cluster.get(target("select=n:data->>n::int&id=in.(1,2)&order=id"))
    assert r.status == 200, r
    assert r.json() == [{"n": 1}, {"n": 2}]
    r = cluster.get(target("select=id,data->a::text&id=eq.1"))
    assert r.json() == [{"id": 1, "a": '{"b": "x"}'}]


def test_json_path_in_order(cluster):
    assert ids(cluster, "order=data->>n.desc.nullslast,id") == [5, 2, 1, 3, 4]
    assert ids(cluster, "order=num->i.desc,id") == [4, 2, 1, 3, 5]
    assert ids(cluster, "order=nums->0.asc,id") == [1, 2, 3, 5, 4]


def test_json_path_on_json_compares_as_the_database_does(cluster):
    # json has no equality operator: the database's own 42883, which PostgREST maps to 404.
    body = error(cluster, "doc->k=eq.1", 404)
    assert body["code"] == "42883"
    assert body["message"] == "operator does not exist: json = json"


# --- logic trees ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("or=(id.eq.1,id.eq.3)", [1, 3]),
    ("and=(id.gte.2,or(name.like.b*,name.like.c*))", [2, 3]),
    ("not.or=(id.eq.1,id.eq.2)", [3, 4, 5]),
    ("not.and=(id.gt.1,id.lt.5)", [1, 5]),
    ("or=(not.and(id.gt.1,id.lt.5),id.eq.3)", [1, 3, 5]),
    ("or=(id.eq.1)", [1]),
    ("id=gt.1&or=(id.eq.1,id.eq.2)", [2]),
    ("or=(id.eq.1,id.eq.2)&and=(id.neq.1)", [2]),
    ('or=(name.eq."egg, plant (5)",id.eq.1)', [1, 5]),
    ('or=(name.like."*, plant*",name.ilike.*APP*)', [1, 5]),
    ('or=(name.eq."a\\"b",name.eq."egg, plant \\(5\\)")', [5]),
    ("or=(id.in.(1,2),data.is.null)", [1, 2, 4]),
    ('or=(nums.cs.{5},tags.cs.{"a,b"})', [5]),
    ("or=(nums.ov.{1,3},id.eq.5)", [1, 2, 3, 5]),
    ('and=(during.ov."[1,6)",id.lt.2)', [1]),
    ('or=(during.adj."[10,100)",during.eq.empty)', [2, 4, 5]),
    ("or=(search.fts(english).cat,body.wfts(french).amusants)", [1, 3]),
    ("or=(search.not.fts(english).rat,id.eq.1)", [1, 3, 5]),
    ("or=(data->a->>b.eq.y,data->>n.eq.5)", [2, 5]),
    ("or=(id.eq(any).{1,2},name.imatch(all).{^d,n$})", [1, 2, 4]),
    ("or=(id.isdistinct.4,id.eq.4)", [1, 2, 3, 4, 5]),
    ("and=(id.not.in.(1,3),and(name.not.is.null,search.not.fts(english).cat))", [2, 5]),
    ("or=( id.eq.1 , and ( id.in.( 2, 3 ) , id.eq.3 ) )", [1, 3]),
    ("and=(id.eq.1,id.neq.2))", [1]),
])
def test_logic_tree(cluster, query, expected):
    assert ids(cluster, query) == expected


def test_logic_tree_nesting_up_to_32_levels(cluster):
    value = "(" + "and(" * 31 + "id.eq.2" + ")" * 32
    assert ids(cluster, "or=" + value) == [2]


def test_logic_tree_nested_too_deep_is_400_not_a_crash(cluster):
    value = "(" + "and(" * 32 + "id.eq.2" + ")" * 33
    body = error(cluster, "or=" + value, 400)
    assert body["code"] == "PGRST100"
    assert body["details"] == "logic trees nest at most 32 levels deep"
    assert body["message"].startswith('"failed to parse logic tree (')
    # Thousands of levels: still a quick 400, and the workers keep serving.
    body = error(cluster, "or=(" + "or(" * 5000, 400)
    assert body["code"] == "PGRST100"
    assert cluster.get("/things?id=eq.1").status == 200


def test_unknown_column_in_logic_tree_is_42703(cluster):
    body = error(cluster, "or=(id.eq.1,nope.eq.2)", 400)
    assert body == {"code": "42703", "details": None, "hint": None,
                    "message": "column things.nope does not exist"}


# --- errors exactly as PostgREST reports them ---------------------------------------------------

@pytest.mark.parametrize("query, message, details", [
    ("or=()",
     '"failed to parse logic tree (())" (line 1, column 4)',
     'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or '
     'logic operator (and, or)'),
    ("or=(id.in.1,2,id.eq.3)",
     '"failed to parse logic tree ((id.in.1,2,id.eq.3))" (line 1, column 10)',
     'unexpected "1" expecting "("'),
    ("or=(id.eq.1,not.xor(id.eq.2,id.eq.3))",
     '"failed to parse logic tree ((id.eq.1,not.xor(id.eq.2,id.eq.3)))" (line 1, column 16)',
     'unexpected "x" expecting logic operator (and, or)'),
    ("id=not.noop.1",
     '"failed to parse filter (not.noop.1)" (line 1, column 5)',
     'unexpected "n" expecting operator (eq, gt, ...)'),
    ("id=neq(any).{1}",
     '"failed to parse filter (neq(any).{1})" (line 1, column 4)',
     'unexpected "(" expecting operator (eq, gt, ...)'),
    ("id=is.maybe",
     '"failed to parse filter (is.maybe)" (line 1, column 4)',
     'unexpected "m" expecting isVal: (null, not_null, true, false, unknown)'),
    ("id=in.(1,2",
     '"failed to parse filter (in.(1,2)" (line 1, column 8)',
     'unexpected end of input expecting "," or ")"'),
    ("select=data->>--34",
     '"failed to parse select parameter (data->>--34)" (line 1, column 9)',
     'unexpected "-" expecting digit'),
    ("select=data->>-78xy",
     '"failed to parse select parameter (data->>-78xy)" (line 1, column 11)',
     "unexpected 'x' expecting digit, \"->\", \"::\", \".\", \",\" or end of input"),
    ("select=id,things(name[])",
     '"failed to parse select parameter (id,things(name[]))" (line 1, column 15)',
     'unexpected \'[\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of '
     'input'),
    ("order=id.ac",
     '"failed to parse order (id.ac)" (line 1, column 4)',
     'unexpected "c" expecting "asc", "desc", "nullsfirst" or "nullslast"'),
    ("order=id.descc",
     '"failed to parse order (id.descc)" (line 1, column 8)',
     "unexpected 'c' expecting delimiter (.), \",\" or end of input"),
    ("order=data->>.desc",
     '"failed to parse order (data->>.desc)" (line 1, column 8)',
     'unexpected "." expecting "-", digit or any non reserved character different from: .,>()'),
    ("data->>-x=eq.1",
     '"failed to parse tree path (data->>-x)" (line 1, column 9)',
     'unexpected "x" expecting digit'),
])
def test_parse_errors(cluster, query, message, details):
    body = error(cluster, query, 400)
    assert body == {"code": "PGRST100", "details": details, "hint": None, "message": message}


def test_aggregates_are_not_allowed(cluster):
    body = error(cluster, "select=count()", 400)
    assert body == {"code": "PGRST123", "details": None, "hint": None,
                    "message": "Use of aggregate functions is not allowed"}


@pytest.mark.parametrize("query, status, code, message", [
    # Values are the database's to read: its own errors, mapped as PostgREST maps them.
    ("id=eq(any).x", 400, "22P02", 'malformed array literal: "x"'),
    ("during=ov.xyz", 400, "22P02", 'malformed range literal: "xyz"'),
    ("nums=cs.1", 400, "22P02", 'malformed array literal: "1"'),
    ("search=fts(klingon).x", 400, "42704",
     'text search configuration "klingon" does not exist'),
    ("id=like.1*", 404, "42883", "operator does not exist: integer ~~ text"),
    ("name=cs.{a}", 404, "42883", "operator does not exist: text @> text"),
    ("id=fts.x", 404, "42883", "function to_tsvector(integer) does not exist"),
    ("data->>n=lt(any).{a", 400, "22P02", 'malformed array literal: "{a"'),
])
def test_database_errors(cluster, query, status, code, message):
    body = error(cluster, query, status)
    assert body["code"] == code
    assert body["message"] == message


def test_values_and_json_keys_are_parameters(cluster):
    # (no parentheses: the value is also a regular expression below)
    hostile = "x' OR '1'='1; DROP TABLE api.things; --"
    quoted_key = '"' + hostile.replace('"', '\\"') + '"'
    for query in (f"name=match.{hostile}", f"name=like(any).{{{hostile}}}",
                  f"data->>{quoted_key}=eq.{hostile}", f"or=(name.eq.\"{hostile}\",id.eq.0)",
                  f"order=data->>{quoted_key}", f"select=id,data->>{quoted_key}"):
        r = cluster.get(target(query))
        assert r.status == 200, (query, r)
        assert all(row.get("id") is None or row["id"] in (1, 2, 3, 4, 5) for row in r.json())
    assert ids(cluster, f"name=eq.{hostile}") == []
    assert cluster.sql("SELECT count(*) FROM api.things") == "5"

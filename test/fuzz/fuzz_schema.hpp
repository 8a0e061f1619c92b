#pragma once

// A small fixed schema cache for the harnesses that plan requests: tables with many-to-one,
// one-to-many, one-to-one, many-to-many (junction) and self-referencing foreign keys, a view
// over one of them, and a second exposed schema, so that embedding and profiles are reached.
// Functions for /rpc/: named int and text arguments, a default, a variadic, a single unnamed
// json, text or bytea parameter (the whole body), RETURNS TABLE, and setof a table's rows
// (embedding).

#include <string>
#include <utility>
#include <vector>

#include "config/settings.hpp"
#include "plan/relationships.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty::fuzz {

struct FuzzColumn {
    const char* name;
    TypeOid type;
    TypeOid array_type;
    const char* type_name;
    bool primary_key;
};

inline constexpr FuzzColumn kId{"id", 23, 1007, "integer", true};
inline FuzzColumn int_column(const char* name) {
    return {name, 23, 1007, "integer", false};
}
inline FuzzColumn text_column(const char* name) {
    return {name, 25, 1009, "text", false};
}

inline Relation fuzz_relation(const char* schema, const char* name,
                              const std::vector<FuzzColumn>& columns,
                              RelationKind kind = RelationKind::Table) {
    Relation relation;
    relation.schema = schema;
    relation.name = name;
    relation.kind = kind;
    for (const FuzzColumn& c : columns) {
        Column column;
        column.name = c.name;
        column.type = c.type;
        column.array_type = c.array_type;
        column.type_name = c.type_name;
        column.primary_key = c.primary_key;
        column.nullable = !c.primary_key;
        relation.columns.push_back(std::move(column));
    }
    return relation;
}

inline ForeignKey fuzz_fk(const char* name, const char* from, std::vector<std::string> from_cols,
                          const char* to, std::vector<std::string> to_cols, bool in_pk = false,
                          bool unique = false) {
    ForeignKey key;
    key.name = name;
    key.from = {"api", from};
    key.from_columns = std::move(from_cols);
    key.to = {"api", to};
    key.to_columns = std::move(to_cols);
    key.from_in_primary_key = in_pk;
    key.from_unique = unique;
    return key;
}

inline FunctionParam fuzz_param(const char* name, TypeOid type, const char* type_name,
                                char mode = 'i') {
    FunctionParam param;
    param.name = name;
    param.type = type;
    param.type_name = type_name;
    param.mode = mode;
    // arrays by their internal name, as the schema query gives them
    param.sql_type = std::string("\"pg_catalog\".\"") +
                     (type == 1007 ? "_int4"
                      : type == 23 ? "int4"
                                   : type_name) +
                     "\"";
    return param;
}

inline Function fuzz_function(const char* name, std::vector<FunctionParam> params, TypeOid returns,
                              const char* returns_name, int defaults = 0) {
    static uint32_t next_oid = 50000;
    Function function;
    function.schema = "api";
    function.name = name;
    function.oid = next_oid++;
    function.params = std::move(params);
    function.defaults = defaults;
    function.return_type = returns;
    function.return_type_name = returns_name;
    function.volatility = 's';
    return function;
}

inline void add_fuzz_functions(SchemaCache& cache) {
    cache.add_function(fuzz_function(
        "add_them", {fuzz_param("a", 23, "integer"), fuzz_param("b", 25, "text")}, 23, "integer"));
    Function with_default = fuzz_function(
        "with_default", {fuzz_param("a", 23, "integer"), fuzz_param("b", 23, "integer")}, 23,
        "integer", 1);
    with_default.volatility = 'v';
    cache.add_function(std::move(with_default));
    cache.add_function(
        fuzz_function("sum_all", {fuzz_param("v", 1007, "integer[]", 'v')}, 23, "integer"));
    cache.add_function(fuzz_function("body_json", {fuzz_param("", 114, "json")}, 114, "json"));
    cache.add_function(fuzz_function("body_text", {fuzz_param("", 25, "text")}, 25, "text"));
    cache.add_function(fuzz_function("body_bytea", {fuzz_param("", 17, "bytea")}, 17, "bytea"));
    Function pairs =
        fuzz_function("pairs",
                      {fuzz_param("n", 23, "integer"), fuzz_param("k", 23, "integer", 't'),
                       fuzz_param("v", 25, "text", 't')},
                      2249, "record");
    pairs.return_type_kind = 'p';
    pairs.returns_set = true;
    cache.add_function(std::move(pairs));
    Function by_name =
        fuzz_function("authors_named", {fuzz_param("name", 25, "text")}, 90000, "authors", 1);
    by_name.return_type_kind = 'c';
    by_name.returns_set = true;
    by_name.return_type_schema = "api";
    by_name.return_type_relname = "authors";
    by_name.return_columns = {{"id", 23, "integer"}, {"name", 25, "text"}, {"data", 3802, "jsonb"}};
    cache.add_function(std::move(by_name));
    Function nothing = fuzz_function("nothing", {}, 2278, "void");
    nothing.return_type_kind = 'p';
    nothing.volatility = 'v';
    cache.add_function(std::move(nothing));
}

struct FuzzSchema {
    SchemaCache cache;
    Settings settings;

    FuzzSchema() {
        const FuzzColumn jsonb{"data", 3802, 3807, "jsonb", false};
        const FuzzColumn tsv{"search", 3614, 3643, "tsvector", false};
        cache.add(fuzz_relation("api", "authors", {kId, text_column("name"), jsonb}));
        cache.add(fuzz_relation("api", "books",
                                {kId, text_column("title"), int_column("author_id"),
                                 int_column("editor_id"), tsv, jsonb}));
        cache.add(fuzz_relation("api", "films", {kId, text_column("title")}));
        cache.add(fuzz_relation("api", "actors", {kId, text_column("name")}));
        FuzzColumn film_id = int_column("film_id");
        FuzzColumn actor_id = int_column("actor_id");
        film_id.primary_key = actor_id.primary_key = true;
        cache.add(fuzz_relation("api", "roles", {film_id, actor_id, text_column("character")}));
        cache.add(fuzz_relation("api", "employees",
                                {kId, text_column("name"), int_column("manager_id")}));
        cache.add(fuzz_relation("api", "passports", {kId, int_column("person_id")}));
        cache.add(
            fuzz_relation("api", "book_titles", {kId, text_column("title")}, RelationKind::View));
        cache.add(fuzz_relation("v2", "items", {kId, text_column("name")}));
        cache.set_relationships(derive_relationships(
            cache,
            {fuzz_fk("books_author_fk", "books", {"author_id"}, "authors", {"id"}),
             fuzz_fk("books_editor_fk", "books", {"editor_id"}, "authors", {"id"}),
             fuzz_fk("roles_film_fk", "roles", {"film_id"}, "films", {"id"}, true),
             fuzz_fk("roles_actor_fk", "roles", {"actor_id"}, "actors", {"id"}, true),
             fuzz_fk("employees_manager_fk", "employees", {"manager_id"}, "employees", {"id"}),
             fuzz_fk("passports_person_fk", "passports", {"person_id"}, "employees", {"id"}, false,
                     true)},
            {ColumnSource{{"api", "book_titles"}, "id", {"api", "books"}, "id"}}));
        add_fuzz_functions(cache);
        settings.schemas = {"api", "v2"};
        settings.max_rows = 100;
    }
};

}  // namespace pg_resty::fuzz

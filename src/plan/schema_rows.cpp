#include "plan/schema_rows.hpp"

#include <stdexcept>

#include "common/json_value.hpp"
#include "common/text.hpp"

namespace pg_resty {

// One row per column of every table, view, materialized view, foreign or partitioned table in
// the exposed schemas, in column order. Privileges are not filtered here: as in PostgREST, a
// relation the caller may not read answers 401/403 from the database, not 404.
const char* const kSchemaCacheQuery = R"SQL(
SELECT n.nspname::text,
       c.relname::text,
       c.relkind::text,
       a.attname::text,
       a.atttypid::oid::text,
       t.typarray::oid::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       (NOT a.attnotnull)::text,
       (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '')::text,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i
               WHERE i.indrelid = c.oid AND i.indisprimary
                 AND a.attnum = ANY (i.indkey))::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, a.attnum
)SQL";

// Foreign keys anywhere but the system schemas: tables in a private schema matter when exposed
// views show their columns.
const char* const kForeignKeysQuery = R"SQL(
SELECT c.conname::text,
       fn.nspname::text, ft.relname::text, fa.attname::text,
       tn.nspname::text, tt.relname::text, ta.attname::text,
       k.ord::text,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i
               WHERE i.indrelid = c.conrelid AND i.indisunique AND i.indpred IS NULL
                 AND i.indkey::int2[] @> c.conkey AND i.indkey::int2[] <@ c.conkey)::text,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i
               WHERE i.indrelid = c.conrelid AND i.indisprimary
                 AND i.indkey::int2[] @> c.conkey)::text
FROM pg_catalog.pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(from_attnum, to_attnum, ord)
JOIN pg_catalog.pg_class ft ON ft.oid = c.conrelid
JOIN pg_catalog.pg_namespace fn ON fn.oid = ft.relnamespace
JOIN pg_catalog.pg_attribute fa ON fa.attrelid = c.conrelid AND fa.attnum = k.from_attnum
JOIN pg_catalog.pg_class tt ON tt.oid = c.confrelid
JOIN pg_catalog.pg_namespace tn ON tn.oid = tt.relnamespace
JOIN pg_catalog.pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = k.to_attnum
WHERE c.contype = 'f'
  AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY fn.nspname, ft.relname, c.conname, k.ord
)SQL";

const char* const kFunctionsQuery = R"SQL(
SELECT n.nspname::text,
       p.proname::text,
       p.oid::oid::text,
       p.prorettype::oid::text,
       pg_catalog.format_type(p.prorettype, NULL),
       t.typtype::text,
       p.proretset::text,
       p.provolatile::text,
       p.pronargdefaults::text,
       arg.name,
       arg.type::oid::text,
       pg_catalog.format_type(arg.type, NULL),
       arg.mode::text,
       pg_catalog.quote_ident(atn.nspname) || '.' || pg_catalog.quote_ident(at.typname),
       tn.nspname::text,
       t.typname::text,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                   a.attname, a.atttypid::oid::text, pg_catalog.format_type(a.atttypid, a.atttypmod))
                 ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = t.typrelid AND t.typtype = 'c' AND a.attnum > 0
          AND NOT a.attisdropped)::text
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_type t ON t.oid = p.prorettype
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN LATERAL unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                         coalesce(p.proargmodes,
                                  pg_catalog.array_fill('i'::"char", ARRAY[p.pronargs::int])),
                         p.proargnames)
          WITH ORDINALITY AS arg(type, mode, name, ord) ON true
LEFT JOIN pg_catalog.pg_type at ON at.oid = arg.type
LEFT JOIN pg_catalog.pg_namespace atn ON atn.oid = at.typnamespace
WHERE n.nspname = ANY ($1::text[]) AND p.prokind = 'f'
ORDER BY n.nspname, p.proname, p.oid, arg.ord
)SQL";

namespace {

const std::string& field(const Row& row, size_t index) {
    if (index >= row.size() || !row[index]) {
        throw std::runtime_error("schema cache query returned an unexpected NULL or short row");
    }
    return *row[index];
}

TypeOid parse_oid(const std::string& text) {
    long long value = 0;
    if (!parse_non_negative_int64(text, value) || value > 0xFFFFFFFFLL) {
        throw std::runtime_error("schema cache query returned a malformed oid: " + text);
    }
    return static_cast<TypeOid>(value);
}

RelationKind parse_kind(const std::string& relkind) {
    if (relkind == "r")
        return RelationKind::Table;
    if (relkind == "v")
        return RelationKind::View;
    if (relkind == "m")
        return RelationKind::MaterializedView;
    if (relkind == "f")
        return RelationKind::ForeignTable;
    if (relkind == "p")
        return RelationKind::PartitionedTable;
    throw std::runtime_error("schema cache query returned an unknown relkind: " + relkind);
}

std::string optional_field(const Row& row, size_t index) {
    return index < row.size() && row[index] ? *row[index] : std::string();
}

char char_field(const Row& row, size_t index) {
    const std::string& text = field(row, index);
    return text.empty() ? '\0' : text[0];
}

// [["name","oid","type"],...] as the functions query builds it; empty for no composite type.
std::vector<ResultColumn> result_columns_from_json(const std::string& text) {
    std::vector<ResultColumn> columns;
    if (text.empty()) {
        return columns;
    }
    const JsonValue value = parse_json(text);
    for (const JsonValue& item : value.items) {
        if (item.items.size() != 3 || !item.items[0].is_string() || !item.items[1].is_string() ||
            !item.items[2].is_string()) {
            throw std::runtime_error("functions query returned a malformed result column");
        }
        columns.push_back(
            ResultColumn{item.items[0].text, parse_oid(item.items[1].text), item.items[2].text});
    }
    return columns;
}

}  // namespace

std::vector<ForeignKey> foreign_keys_from_rows(const Rows& rows) {
    std::vector<ForeignKey> keys;
    for (const Row& row : rows) {
        const RelationRef from{field(row, 1), field(row, 2)};
        const std::string& name = field(row, 0);
        if (keys.empty() || keys.back().name != name || !(keys.back().from == from)) {
            ForeignKey fk;
            fk.name = name;
            fk.from = from;
            fk.to = RelationRef{field(row, 4), field(row, 5)};
            fk.from_unique = field(row, 8) == "true";
            fk.from_in_primary_key = field(row, 9) == "true";
            keys.push_back(std::move(fk));
        }
        keys.back().from_columns.push_back(field(row, 3));
        keys.back().to_columns.push_back(field(row, 6));
    }
    return keys;
}

void add_functions_from_rows(SchemaCache& cache, const Rows& rows) {
    Function current;
    bool have_current = false;
    for (const Row& row : rows) {
        const uint32_t oid = parse_oid(field(row, 2));
        if (!have_current || current.oid != oid) {
            if (have_current) {
                cache.add_function(std::move(current));
            }
            current = Function{};
            current.schema = field(row, 0);
            current.name = field(row, 1);
            current.oid = oid;
            current.return_type = parse_oid(field(row, 3));
            current.return_type_name = field(row, 4);
            current.return_type_kind = char_field(row, 5);
            current.returns_set = field(row, 6) == "true";
            current.volatility = char_field(row, 7);
            long long defaults = 0;
            parse_non_negative_int64(field(row, 8), defaults);
            current.defaults = static_cast<int>(defaults);
            current.return_type_schema = optional_field(row, 14);
            current.return_type_relname = optional_field(row, 15);
            current.return_columns = result_columns_from_json(optional_field(row, 16));
            have_current = true;
        }
        if (row.size() > 10 && row[10]) {
            FunctionParam param;
            param.name = optional_field(row, 9);
            param.type = parse_oid(*row[10]);
            param.type_name = optional_field(row, 11);
            const std::string mode = optional_field(row, 12);
            param.mode = mode.empty() ? 'i' : mode[0];
            param.sql_type = optional_field(row, 13);
            current.params.push_back(std::move(param));
        }
    }
    if (have_current) {
        cache.add_function(std::move(current));
    }
}

SchemaCache schema_cache_from_rows(const Rows& rows) {
    SchemaCache cache;
    Relation current;
    bool have_current = false;
    for (const Row& row : rows) {
        const std::string& schema = field(row, 0);
        const std::string& name = field(row, 1);
        if (!have_current || current.schema != schema || current.name != name) {
            if (have_current) {
                cache.add(std::move(current));
            }
            current = Relation{};
            current.schema = schema;
            current.name = name;
            current.kind = parse_kind(field(row, 2));
            have_current = true;
        }
        Column column;
        column.name = field(row, 3);
        column.type = parse_oid(field(row, 4));
        column.array_type = parse_oid(field(row, 5));
        column.type_name = field(row, 6);
        column.nullable = field(row, 7) == "true";
        column.has_default = field(row, 8) == "true";
        column.primary_key = field(row, 9) == "true";
        current.columns.push_back(std::move(column));
    }
    if (have_current) {
        cache.add(std::move(current));
    }
    return cache;
}

}  // namespace pg_resty

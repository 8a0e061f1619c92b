#include "plan/schema_rows.hpp"

#include <stdexcept>

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

}  // namespace

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

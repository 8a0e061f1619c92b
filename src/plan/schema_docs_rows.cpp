#include "plan/schema_docs_rows.hpp"

#include <stdexcept>

#include "common/array_text.hpp"
#include "common/text.hpp"

namespace pg_resty {

// The updatability bits are PostgreSQL's 1 << CMD_INSERT (8), CMD_UPDATE (4), CMD_DELETE (16),
// asked once per relation.
const char* const kRelationDocsQuery = R"SQL(
SELECT n.nspname::text,
       c.relname::text,
       d.description,
       (u.events & 8 = 8)::text,
       (u.events & 4 = 4)::text,
       (u.events & 16 = 16)::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 28
                WHEN c.relkind IN ('v', 'f')
                    THEN pg_catalog.pg_relation_is_updatable(c.oid::regclass, true)
                ELSE 0 END AS events) u
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname
)SQL";

// The data type text is PostgREST's: built-in types (and domains over them) without their
// modifiers, anything else as format_type shows it; the length moves to its own column.
const char* const kColumnDocsQuery = R"SQL(
SELECT n.nspname::text,
       c.relname::text,
       a.attname::text,
       d.description,
       CASE WHEN t.typbasetype <> 0 THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0)
            WHEN a.attgenerated <> '' THEN NULL
            ELSE pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
       CASE WHEN t.typtype = 'd' AND bt.typnamespace = 'pg_catalog'::regnamespace
                THEN pg_catalog.format_type(t.typbasetype, NULL)
            WHEN t.typtype <> 'd' AND t.typnamespace = 'pg_catalog'::regnamespace
                THEN pg_catalog.format_type(a.atttypid, NULL)
            ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END,
       information_schema._pg_char_max_length(information_schema._pg_truetypid(a.*, t.*),
                                              information_schema._pg_truetypmod(a.*, t.*))::text,
       (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e
        WHERE e.enumtypid = COALESCE(NULLIF(t.typbasetype, 0), t.oid))::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass
      AND d.objsubid = a.attnum
WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, a.attnum
)SQL";

const char* const kCommentsQuery = R"SQL(
SELECT 'schema'::text, n.nspname::text, d.description
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_description d
  ON d.objoid = n.oid AND d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY ($1::text[])
UNION ALL
SELECT 'function'::text, p.oid::oid::text, d.description
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_description d
  ON d.objoid = p.oid AND d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objsubid = 0
WHERE n.nspname = ANY ($1::text[])
)SQL";

namespace {

const std::string& field(const Row& row, size_t index) {
    if (index >= row.size() || !row[index]) {
        throw std::runtime_error("schema docs query returned an unexpected NULL or short row");
    }
    return *row[index];
}

std::optional<std::string> optional_field(const Row& row, size_t index) {
    if (index >= row.size()) {
        throw std::runtime_error("schema docs query returned a short row");
    }
    return row[index];
}

}  // namespace

SchemaDocs schema_docs_from_rows(const Rows& relations, const Rows& columns, const Rows& comments) {
    SchemaDocs docs;
    for (const Row& row : relations) {
        RelationDocs& relation = docs.relations[RelationRef{field(row, 0), field(row, 1)}];
        relation.description = optional_field(row, 2);
        relation.insertable = field(row, 3) == "true";
        relation.updatable = field(row, 4) == "true";
        relation.deletable = field(row, 5) == "true";
    }
    for (const Row& row : columns) {
        ColumnDocs column;
        column.description = optional_field(row, 3);
        column.default_expr = optional_field(row, 4);
        column.type = field(row, 5);
        if (const auto length = optional_field(row, 6)) {
            long long value = 0;
            if (!parse_non_negative_int64(*length, value)) {
                throw std::runtime_error("schema docs query returned a malformed length: " +
                                         *length);
            }
            column.max_length = value;
        }
        if (const auto labels = optional_field(row, 7)) {
            auto parsed = parse_text_array(*labels);
            if (!parsed) {
                throw std::runtime_error("schema docs query returned a malformed array: " +
                                         *labels);
            }
            column.enum_values = std::move(*parsed);
        }
        docs.relations[RelationRef{field(row, 0), field(row, 1)}].columns[field(row, 2)] =
            std::move(column);
    }
    for (const Row& row : comments) {
        const std::string& kind = field(row, 0);
        const std::string& key = field(row, 1);
        if (kind == "schema") {
            docs.schema_descriptions[key] = field(row, 2);
        } else if (kind == "function") {
            long long oid = 0;
            if (!parse_non_negative_int64(key, oid) || oid > 0xFFFFFFFFLL) {
                throw std::runtime_error("schema docs query returned a malformed oid: " + key);
            }
            docs.function_descriptions[static_cast<uint32_t>(oid)] = field(row, 2);
        } else {
            throw std::runtime_error("schema docs query returned an unknown kind: " + kind);
        }
    }
    return docs;
}

}  // namespace pg_resty

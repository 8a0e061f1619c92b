#include "plan/view_keys.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace pg_resty {

const char* const kPrimaryKeysQuery = R"SQL(
SELECT n.nspname::text, c.relname::text, a.attname::text
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(k.conkey) AS key(attnum)
JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = key.attnum
WHERE k.contype = 'p'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
)SQL";

namespace {

const std::string& field(const Row& row, size_t index) {
    if (index >= row.size() || !row[index]) {
        throw std::runtime_error("primary keys query returned an unexpected NULL or short row");
    }
    return *row[index];
}

}  // namespace

void mark_view_primary_keys(SchemaCache& cache, const std::vector<ColumnSource>& sources,
                            const Rows& primary_keys) {
    std::map<RelationRef, std::set<std::string>> table_keys;
    for (const Row& row : primary_keys) {
        table_keys[RelationRef{field(row, 0), field(row, 1)}].insert(field(row, 2));
    }
    // view → base table → key column → first view column showing it
    std::map<RelationRef, std::map<RelationRef, std::map<std::string, std::string>>> shown;
    for (const ColumnSource& source : sources) {
        auto key = table_keys.find(source.table);
        if (key != table_keys.end() && key->second.count(source.table_column) != 0) {
            shown[source.view][source.table].emplace(source.table_column, source.view_column);
        }
    }
    for (const auto& [view_ref, tables] : shown) {
        const Relation* view = cache.find(view_ref.schema, view_ref.name);
        if (view == nullptr) {
            continue;
        }
        Relation marked = *view;
        bool changed = false;
        for (const auto& [table, columns] : tables) {
            if (columns.size() != table_keys[table].size()) {
                continue;  // a partial key identifies nothing
            }
            for (const auto& entry : columns) {
                for (Column& column : marked.columns) {
                    if (column.name == entry.second && !column.primary_key) {
                        column.primary_key = true;
                        changed = true;
                    }
                }
            }
        }
        if (changed) {
            cache.add(std::move(marked));
        }
    }
}

}  // namespace pg_resty

#include "plan/privileges.hpp"

#include <stdexcept>

#include "common/text.hpp"

namespace pg_resty {

const char* const kAccessibleObjectsQuery = R"SQL(
SELECT 'relation'::text, c.relname::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
  AND NOT c.relispartition
  AND n.nspname = $1::text
  AND (pg_catalog.pg_has_role(c.relowner, 'USAGE')
       OR pg_catalog.has_table_privilege(
              c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
       OR pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
UNION ALL
SELECT 'function'::text, p.oid::oid::text
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1::text
  AND p.prokind = 'f'
  AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
)SQL";

AccessibleObjects accessible_objects_from_rows(const Rows& rows) {
    AccessibleObjects objects;
    for (const Row& row : rows) {
        if (row.size() != 2 || !row[0] || !row[1]) {
            throw std::runtime_error("privileges query returned an unexpected NULL or short row");
        }
        const std::string& kind = *row[0];
        const std::string& name = *row[1];
        if (kind == "relation") {
            objects.relations.insert(name);
        } else if (kind == "function") {
            long long oid = 0;
            if (!parse_non_negative_int64(name, oid) || oid > 0xFFFFFFFFLL) {
                throw std::runtime_error("privileges query returned a malformed oid: " + name);
            }
            objects.functions.insert(static_cast<uint32_t>(oid));
        } else {
            throw std::runtime_error("privileges query returned an unknown kind: " + kind);
        }
    }
    return objects;
}

AccessibleObjects all_objects(const SchemaCache& cache, const std::string& schema) {
    AccessibleObjects objects;
    for (const Relation* relation : cache.relations()) {
        if (relation->schema == schema) {
            objects.relations.insert(relation->name);
        }
    }
    for (const Function* function : cache.all_functions()) {
        if (function->schema == schema) {
            objects.functions.insert(function->oid);
        }
    }
    return objects;
}

}  // namespace pg_resty

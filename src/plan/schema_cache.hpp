#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pg_resty {

using TypeOid = uint32_t;

struct Column {
    std::string name;
    TypeOid type = 0;        // pg_type oid, used to type query parameters
    TypeOid array_type = 0;  // its array type (for `in`), 0 if none
    std::string type_name;   // format_type() text, for documentation and OpenAPI
    bool nullable = true;
    bool has_default = false;
    bool primary_key = false;
};

enum class RelationKind { Table, View, MaterializedView, ForeignTable, PartitionedTable };

struct Relation {
    std::string schema;
    std::string name;
    RelationKind kind = RelationKind::Table;
    std::vector<Column> columns;  // in attnum order

    const Column* find_column(const std::string& column) const;
};

// Everything the planner knows about the exposed schemas. Built whole, then swapped in, so a
// request never sees a half-loaded cache.
class SchemaCache {
  public:
    void add(Relation relation);
    const Relation* find(const std::string& schema, const std::string& name) const;

    // Names of the relations of one schema (for "Perhaps you meant" hints).
    std::vector<std::string> relation_names(const std::string& schema) const;

    size_t relation_count() const { return relations_.size(); }

  private:
    std::map<std::pair<std::string, std::string>, Relation> relations_;
};

// The closest name with a similarity of at least 0.75, as PostgREST's hints choose.
std::optional<std::string> closest_name(const std::string& wanted,
                                        const std::vector<std::string>& candidates);

}  // namespace pg_resty

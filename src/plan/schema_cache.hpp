#pragma once

#include <cstdint>
#include <map>
#include <set>
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

// A relation by name, wherever it lives (foreign keys may point outside the exposed schemas).
struct RelationRef {
    std::string schema;
    std::string name;

    bool operator==(const RelationRef& other) const {
        return schema == other.schema && name == other.name;
    }
    bool operator<(const RelationRef& other) const {
        return schema != other.schema ? schema < other.schema : name < other.name;
    }
};

struct ForeignKey {
    std::string name;  // constraint name, what PostgREST's `rel!fk_name` hint names
    RelationRef from;
    std::vector<std::string> from_columns;
    RelationRef to;
    std::vector<std::string> to_columns;  // same order as from_columns
    bool from_unique = false;             // the referencing columns are unique: one-to-one
    bool from_in_primary_key = false;     // part of the referencing table's key: junction FK
};

// Where a view column comes from: a column of a base table, through any nesting of views,
// joins and subqueries (only plain column references are followed).
struct ColumnSource {
    RelationRef view;
    std::string view_column;
    RelationRef table;
    std::string table_column;
};

struct FunctionParam {
    std::string name;  // empty: unnamed
    TypeOid type = 0;
    std::string type_name;
    char mode = 'i';  // pg_proc.proargmodes: i, o, b (inout), v (variadic), t (table)
    // "schema"."typname", quoted: names the type in SQL whatever the search_path (arrays by
    // their internal "_name"), for the column list of json_to_record.
    std::string sql_type;

    bool is_input() const { return mode == 'i' || mode == 'b' || mode == 'v'; }
    bool is_output() const { return mode == 'o' || mode == 'b' || mode == 't'; }
};

// A column of a function's composite result type.
struct ResultColumn {
    std::string name;
    TypeOid type = 0;
    std::string type_name;
};

struct Function {
    std::string schema;
    std::string name;
    uint32_t oid = 0;
    TypeOid return_type = 0;
    std::string return_type_name;
    char return_type_kind = 'b';  // pg_type.typtype of the result: b, c (composite), p, d, e, r
    bool returns_set = false;
    char volatility = 'v';  // i, s, v
    int defaults = 0;       // how many trailing input parameters have defaults
    std::vector<FunctionParam> params;
    // The result type's schema and name (a table's or view's row type is named like it).
    std::string return_type_schema;
    std::string return_type_relname;
    std::vector<ResultColumn> return_columns;  // a composite result type's attributes
};

// PostgREST's relationship kinds between two exposed relations.
enum class Cardinality { ManyToOne, OneToMany, OneToOne, ManyToMany };

struct Relationship {
    Cardinality cardinality = Cardinality::ManyToOne;
    RelationRef from;
    RelationRef to;
    std::string constraint;  // the foreign key's name (many-to-many: the one towards `to`)
    // `from` is the side the foreign key references (one-to-many, and the reverse of a
    // one-to-one), not the side holding it.
    bool from_is_referenced = false;
    // from.column = to.column pairs (not many-to-many)
    std::vector<std::pair<std::string, std::string>> columns;
    // Many-to-many through `junction`: junction.column = from.column and junction.column =
    // to.column pairs, and the junction's constraint towards `from`.
    RelationRef junction;
    std::string junction_constraint;
    std::vector<std::pair<std::string, std::string>> junction_from;
    std::vector<std::pair<std::string, std::string>> junction_to;
};

// What the OpenAPI description says about a column, beyond what the planner needs.
struct ColumnDocs {
    std::optional<std::string> description;   // COMMENT ON COLUMN
    std::optional<std::string> default_expr;  // the default expression, as pg_get_expr shows it
    // PostgREST's data type text: built-in types without modifiers ("character varying"),
    // other types as format_type shows them.
    std::string type;
    std::optional<long long> max_length;   // character(n), character varying(n)
    std::vector<std::string> enum_values;  // labels of an enum type, in order
};

struct RelationDocs {
    std::optional<std::string> description;  // COMMENT ON TABLE / VIEW
    // Whether rows can be inserted, updated, deleted (always for tables; for views and foreign
    // tables, what pg_relation_is_updatable says). Privileges are not considered.
    bool insertable = false;
    bool updatable = false;
    bool deletable = false;
    std::map<std::string, ColumnDocs> columns;
};

// Comments and other documentation of the exposed schemas, for the OpenAPI description.
struct SchemaDocs {
    std::map<RelationRef, RelationDocs> relations;
    std::map<uint32_t, std::string> function_descriptions;   // by pg_proc oid
    std::map<std::string, std::string> schema_descriptions;  // COMMENT ON SCHEMA

    const RelationDocs* relation(const std::string& schema, const std::string& name) const;
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

    void add_function(Function function);
    // Every overload of schema.name.
    std::vector<const Function*> functions(const std::string& schema,
                                           const std::string& name) const;
    size_t function_count() const { return functions_.size(); }

    void set_relationships(std::vector<Relationship> relationships);
    // Relationships whose `from` is schema.name.
    std::vector<const Relationship*> relationships_from(const std::string& schema,
                                                        const std::string& name) const;
    size_t relationship_count() const { return relationships_.size(); }

    // Every relation, in (schema, name) order.
    std::vector<const Relation*> relations() const;

    // Every function, in (schema, name) order.
    std::vector<const Function*> all_functions() const;

    void set_docs(SchemaDocs docs) { docs_ = std::move(docs); }
    const SchemaDocs& docs() const { return docs_; }

    // PostgREST's dbTimezones: the names `Prefer: timezone=` accepts (pg_timezone_names).
    void set_timezones(std::set<std::string> names) { timezones_ = std::move(names); }
    bool knows_timezone(const std::string& name) const { return timezones_.count(name) > 0; }

  private:
    std::map<std::pair<std::string, std::string>, Relation> relations_;
    std::multimap<std::pair<std::string, std::string>, Function> functions_;
    std::vector<Relationship> relationships_;
    SchemaDocs docs_;
    std::set<std::string> timezones_;
};

// The closest name with a similarity of at least `min_score` (0.75 for PostgREST's table and
// function hints, 0.33 for its relationship hints).
std::optional<std::string> closest_name(const std::string& wanted,
                                        const std::vector<std::string>& candidates,
                                        double min_score = 0.75);

}  // namespace pg_resty

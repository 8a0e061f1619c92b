#include "plan/relationships.hpp"

#include <map>
#include <optional>
#include <string>

namespace pg_resty {

namespace {

// An exposed relation that shows a base table's rows: the table itself or a view over it,
// with the base column → exposed column names it shows.
struct Representative {
    RelationRef relation;
    std::map<std::string, std::string> columns;  // empty with `identity`
    bool identity = false;

    std::optional<std::vector<std::string>> map(const std::vector<std::string>& base) const {
        if (identity) {
            return base;
        }
        std::vector<std::string> mapped;
        for (const std::string& column : base) {
            auto it = columns.find(column);
            if (it == columns.end()) {
                return std::nullopt;
            }
            mapped.push_back(it->second);
        }
        return mapped;
    }
};

using Representatives = std::map<RelationRef, std::vector<Representative>>;

Representatives find_representatives(const SchemaCache& cache,
                                     const std::vector<ForeignKey>& foreign_keys,
                                     const std::vector<ColumnSource>& sources) {
    Representatives reps;
    auto add_table = [&](const RelationRef& table) {
        if (reps.count(table) == 0 && cache.find(table.schema, table.name) != nullptr) {
            reps[table].push_back(Representative{table, {}, true});
        }
    };
    for (const ForeignKey& fk : foreign_keys) {
        add_table(fk.from);
        add_table(fk.to);
    }
    // view → base table → columns, first view column wins for a base column.
    std::map<std::pair<RelationRef, RelationRef>, std::map<std::string, std::string>> views;
    for (const ColumnSource& source : sources) {
        if (cache.find(source.view.schema, source.view.name) == nullptr) {
            continue;
        }
        views[{source.view, source.table}].emplace(source.table_column, source.view_column);
    }
    for (auto& [key, columns] : views) {
        reps[key.second].push_back(Representative{key.first, std::move(columns), false});
    }
    return reps;
}

std::vector<std::pair<std::string, std::string>> zip(const std::vector<std::string>& a,
                                                     const std::vector<std::string>& b) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        pairs.emplace_back(a[i], b[i]);
    }
    return pairs;
}

const std::vector<Representative>& representatives_of(const Representatives& reps,
                                                      const RelationRef& table) {
    static const std::vector<Representative> none;
    auto it = reps.find(table);
    return it == reps.end() ? none : it->second;
}

void add_direct(const ForeignKey& fk, const Representatives& reps, std::vector<Relationship>& out) {
    for (const Representative& from : representatives_of(reps, fk.from)) {
        const auto from_columns = from.map(fk.from_columns);
        if (!from_columns) {
            continue;
        }
        for (const Representative& to : representatives_of(reps, fk.to)) {
            const auto to_columns = to.map(fk.to_columns);
            if (!to_columns) {
                continue;
            }
            Relationship forward;
            forward.cardinality = fk.from_unique ? Cardinality::OneToOne : Cardinality::ManyToOne;
            forward.from = from.relation;
            forward.to = to.relation;
            forward.constraint = fk.name;
            forward.columns = zip(*from_columns, *to_columns);
            out.push_back(forward);

            Relationship reverse;
            reverse.cardinality = fk.from_unique ? Cardinality::OneToOne : Cardinality::OneToMany;
            reverse.from = to.relation;
            reverse.to = from.relation;
            reverse.constraint = fk.name;
            reverse.from_is_referenced = true;
            reverse.columns = zip(*to_columns, *from_columns);
            out.push_back(reverse);
        }
    }
}

void add_many_to_many(const ForeignKey& towards_from, const ForeignKey& towards_to,
                      const Representatives& reps, std::vector<Relationship>& out) {
    for (const Representative& junction : representatives_of(reps, towards_from.from)) {
        const auto junction_from = junction.map(towards_from.from_columns);
        const auto junction_to = junction.map(towards_to.from_columns);
        if (!junction_from || !junction_to) {
            continue;
        }
        for (const Representative& from : representatives_of(reps, towards_from.to)) {
            const auto from_columns = from.map(towards_from.to_columns);
            if (!from_columns) {
                continue;
            }
            for (const Representative& to : representatives_of(reps, towards_to.to)) {
                const auto to_columns = to.map(towards_to.to_columns);
                if (!to_columns) {
                    continue;
                }
                Relationship m2m;
                m2m.cardinality = Cardinality::ManyToMany;
                m2m.from = from.relation;
                m2m.to = to.relation;
                m2m.constraint = towards_to.name;
                m2m.junction = junction.relation;
                m2m.junction_constraint = towards_from.name;
                m2m.junction_from = zip(*junction_from, *from_columns);
                m2m.junction_to = zip(*junction_to, *to_columns);
                out.push_back(std::move(m2m));
            }
        }
    }
}

}  // namespace

std::vector<Relationship> derive_relationships(const SchemaCache& cache,
                                               const std::vector<ForeignKey>& foreign_keys,
                                               const std::vector<ColumnSource>& sources) {
    const Representatives reps = find_representatives(cache, foreign_keys, sources);
    std::vector<Relationship> relationships;
    for (const ForeignKey& fk : foreign_keys) {
        add_direct(fk, reps, relationships);
    }
    for (const ForeignKey& a : foreign_keys) {
        if (!a.from_in_primary_key) {
            continue;
        }
        for (const ForeignKey& b : foreign_keys) {
            if (&a != &b && b.from_in_primary_key && a.from == b.from) {
                add_many_to_many(a, b, reps, relationships);
            }
        }
    }
    return relationships;
}

}  // namespace pg_resty

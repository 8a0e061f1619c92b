#include "plan/relationship_finder.hpp"

#include <vector>

#include "api/api_error.hpp"
#include "common/json_text.hpp"

namespace pg_resty {

namespace {

bool is_direct(const Relationship& r) {
    return r.cardinality != Cardinality::ManyToMany;
}

bool matches_fk_column(const Relationship& r, const std::string& name) {
    return is_direct(r) && r.columns.size() == 1 && r.columns[0].first == name;
}

bool matches_referenced_column(const Relationship& r, const std::string& name) {
    return is_direct(r) && r.columns.size() == 1 && r.columns[0].second == name;
}

bool matches_constraint(const Relationship& r, const std::string& name) {
    return is_direct(r) && r.constraint == name;
}

bool matches_junction(const Relationship& r, const std::string& name) {
    return !is_direct(r) && r.junction.name == name;
}

bool target_is_view(const SchemaCache& cache, const Relationship& r) {
    const Relation* to = cache.find(r.to.schema, r.to.name);
    return to != nullptr && to->kind != RelationKind::Table &&
           to->kind != RelationKind::PartitionedTable && to->kind != RelationKind::ForeignTable;
}

bool matches(const SchemaCache& cache, const Relationship& r, const std::string& target,
             const std::string& hint) {
    if (r.from == r.to) {
        // One foreign key, two relationships: the table name asks for the one-to-many, the
        // column for the many-to-one, as PostgREST settles it.
        if (hint.empty()) {
            return (target == r.to.name && r.cardinality == Cardinality::OneToMany) ||
                   (matches_fk_column(r, target) && r.cardinality == Cardinality::ManyToOne);
        }
        return target == r.to.name && r.cardinality == Cardinality::OneToMany &&
               matches_referenced_column(r, hint);
    }
    if (hint.empty()) {
        return target == r.to.name ||
               (!target_is_view(cache, r) &&
                (matches_constraint(r, target) || matches_fk_column(r, target)));
    }
    return target == r.to.name && (matches_constraint(r, hint) || matches_fk_column(r, hint) ||
                                   matches_referenced_column(r, hint) || matches_junction(r, hint));
}

std::string column_list(const std::vector<std::pair<std::string, std::string>>& pairs, bool first) {
    std::string out = "(";
    for (size_t i = 0; i < pairs.size(); ++i) {
        if (i > 0) {
            out.append(", ");
        }
        out.append(first ? pairs[i].first : pairs[i].second);
    }
    return out + ")";
}

const char* cardinality_name(Cardinality cardinality) {
    switch (cardinality) {
        case Cardinality::ManyToOne:
            return "many-to-one";
        case Cardinality::OneToMany:
            return "one-to-many";
        case Cardinality::OneToOne:
            return "one-to-one";
        case Cardinality::ManyToMany:
            return "many-to-many";
    }
    return "";
}

// PostgREST's description of one candidate in PGRST201's details.
std::string describe(const Relationship& r) {
    std::string relationship;
    if (is_direct(r)) {
        relationship = r.constraint + " using " + r.from.name + column_list(r.columns, true) +
                       " and " + r.to.name + column_list(r.columns, false);
    } else {
        relationship = r.junction.name + " using " + r.junction_constraint +
                       column_list(r.junction_from, true) + " and " + r.constraint +
                       column_list(r.junction_to, true);
    }
    std::string out = "{\"cardinality\":";
    append_json_string(out, cardinality_name(r.cardinality));
    out.append(",\"embedding\":");
    append_json_string(out, r.from.name + " with " + r.to.name);
    out.append(",\"relationship\":");
    append_json_string(out, relationship);
    out.push_back('}');
    return out;
}

[[noreturn]] void ambiguous(const Relation& origin, const std::string& target,
                            const std::vector<const Relationship*>& found) {
    std::string details = "[";
    std::string choices;
    for (size_t i = 0; i < found.size(); ++i) {
        if (i > 0) {
            details.push_back(',');
            choices.append(", ");
        }
        details.append(describe(*found[i]));
        const Relationship& r = *found[i];
        choices.append("'" + r.to.name + "!" + (is_direct(r) ? r.constraint : r.junction.name) +
                       "'");
    }
    details.push_back(']');
    ApiError error(300, "PGRST201",
                   "Could not embed because more than one relationship was found for '" +
                       origin.name + "' and '" + target + "'",
                   std::nullopt,
                   "Try changing '" + target + "' to one of the following: " + choices +
                       ". Find the desired relationship in the 'details' key.");
    error.details_json = std::move(details);
    throw error;
}

[[noreturn]] void not_found(const SchemaCache& cache, const Relation& origin,
                            const std::string& target, const std::string& hint,
                            const std::vector<const Relationship*>& from_origin) {
    std::optional<std::string> suggestion;
    if (!from_origin.empty()) {
        std::vector<std::string> children;
        for (const Relationship* r : from_origin) {
            if (r->to.name != target) {
                children.push_back(r->to.name);
            }
        }
        if (auto close = closest_name(target, children, 0.33)) {
            suggestion = "Perhaps you meant '" + *close + "' instead of '" + target + "'.";
        }
    } else {
        std::vector<std::string> parents;
        for (const Relation* relation : cache.relations()) {
            if (relation->schema == origin.schema &&
                !cache.relationships_from(relation->schema, relation->name).empty()) {
                parents.push_back(relation->name);
            }
        }
        if (auto close = closest_name(origin.name, parents, 0.33)) {
            suggestion = "Perhaps you meant '" + *close + "' instead of '" + origin.name + "'.";
        }
    }
    throw ApiError(400, "PGRST200",
                   "Could not find a relationship between '" + origin.name + "' and '" + target +
                       "' in the schema cache",
                   "Searched for a foreign key relationship between '" + origin.name + "' and '" +
                       target + (hint.empty() ? std::string() : "' using the hint '" + hint) +
                       "' in the schema '" + origin.schema + "', but no matches were found.",
                   suggestion);
}

}  // namespace

const Relationship& find_relationship(const SchemaCache& cache, const Relation& origin,
                                      const std::string& target, const std::string& hint) {
    const std::vector<const Relationship*> from_origin =
        cache.relationships_from(origin.schema, origin.name);
    std::vector<const Relationship*> found;
    for (const Relationship* r : from_origin) {
        if (r->to.schema == origin.schema && matches(cache, *r, target, hint)) {
            found.push_back(r);
        }
    }
    if (found.empty()) {
        not_found(cache, origin, target, hint, from_origin);
    }
    if (found.size() > 1) {
        ambiguous(origin, target, found);
    }
    return *found.front();
}

}  // namespace pg_resty

#include "plan/schema_cache.hpp"

#include <algorithm>

namespace pg_resty {

const Column* Relation::find_column(const std::string& column) const {
    for (const Column& c : columns) {
        if (c.name == column) {
            return &c;
        }
    }
    return nullptr;
}

void SchemaCache::add(Relation relation) {
    auto key = std::make_pair(relation.schema, relation.name);
    relations_[std::move(key)] = std::move(relation);
}

const Relation* SchemaCache::find(const std::string& schema, const std::string& name) const {
    auto it = relations_.find(std::make_pair(schema, name));
    return it == relations_.end() ? nullptr : &it->second;
}

std::vector<std::string> SchemaCache::relation_names(const std::string& schema) const {
    std::vector<std::string> names;
    for (auto it = relations_.lower_bound(std::make_pair(schema, std::string()));
         it != relations_.end() && it->first.first == schema; ++it) {
        names.push_back(it->first.second);
    }
    return names;
}

void SchemaCache::add_function(Function function) {
    auto key = std::make_pair(function.schema, function.name);
    functions_.emplace(std::move(key), std::move(function));
}

std::vector<const Function*> SchemaCache::functions(const std::string& schema,
                                                    const std::string& name) const {
    std::vector<const Function*> found;
    auto range = functions_.equal_range(std::make_pair(schema, name));
    for (auto it = range.first; it != range.second; ++it) {
        found.push_back(&it->second);
    }
    return found;
}

void SchemaCache::set_relationships(std::vector<Relationship> relationships) {
    relationships_ = std::move(relationships);
}

std::vector<const Relationship*> SchemaCache::relationships_from(const std::string& schema,
                                                                 const std::string& name) const {
    std::vector<const Relationship*> found;
    for (const Relationship& r : relationships_) {
        if (r.from.schema == schema && r.from.name == name) {
            found.push_back(&r);
        }
    }
    return found;
}

std::vector<const Relation*> SchemaCache::relations() const {
    std::vector<const Relation*> all;
    all.reserve(relations_.size());
    for (const auto& entry : relations_) {
        all.push_back(&entry.second);
    }
    return all;
}

std::vector<const Function*> SchemaCache::all_functions() const {
    std::vector<const Function*> all;
    all.reserve(functions_.size());
    for (const auto& entry : functions_) {
        all.push_back(&entry.second);
    }
    return all;
}

const RelationDocs* SchemaDocs::relation(const std::string& schema, const std::string& name) const {
    auto it = relations.find(RelationRef{schema, name});
    return it == relations.end() ? nullptr : &it->second;
}

namespace {

size_t levenshtein(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string> closest_name(const std::string& wanted,
                                        const std::vector<std::string>& candidates,
                                        double min_score) {
    // Long names make the quadratic distance costly; such hints are not worth it.
    if (wanted.empty() || wanted.size() > 256) {
        return std::nullopt;
    }
    std::optional<std::string> best;
    double best_score = min_score;
    for (const std::string& candidate : candidates) {
        if (candidate.size() > 256) {
            continue;
        }
        const size_t longest = std::max(wanted.size(), candidate.size());
        const double score = 1.0 - static_cast<double>(levenshtein(wanted, candidate)) /
                                       static_cast<double>(longest);
        if (score >= best_score && (!best || score > best_score)) {
            best = candidate;
            best_score = score;
        }
    }
    return best;
}

}  // namespace pg_resty

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/read_plan.hpp"
#include "query/condition_sql.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// The select list and lateral joins of one level of a read: its columns, and each embedded
// resource as PostgREST builds it (a to-one as row_to_json of a LATERAL subquery, a to-many as
// json_agg of one, a spread as the subquery's columns).
struct LevelSql {
    std::string select;  // "expr AS name, ..."
    std::string joins;   // " LEFT JOIN LATERAL (...) AS ... ON TRUE ..."
};

// `ref` is how this level's relation is referred to ("api"."books" or "authors_1"), `depth`
// its nesting level (1 for the top), used to name the subqueries.
LevelSql level_sql(const std::vector<ReadPlan::Output>& select,
                   const std::vector<ReadPlan::Embed>& embeds, const Relation& relation,
                   const std::string& ref, size_t depth, Statement& stmt);

// Where an embedded resource's rows come from, correlated to the parent's `parent_ref`.
struct EmbedSource {
    std::string alias;              // quoted: how its rows are referred to ("clients_1")
    std::string from;               // " FROM ... AS alias", a many-to-many's junction joined
    std::vector<std::string> join;  // the conditions that tie the rows to the parent row
};
EmbedSource embed_source(const ReadPlan::Embed& embed, const std::string& parent_ref, size_t depth);

// Null filters on a level's embedded resources as the page applies them: a test of the joined
// subquery (`depth` as for level_sql). Refers to `relation` and `embeds`, which must outlive it.
NullEmbedSql joined_null_test(const Relation& relation, const std::vector<ReadPlan::Embed>& embeds,
                              size_t depth);

// " ORDER BY ... LIMIT ... OFFSET ..." of a level whose rows are `ref`; a related order names a
// column of one of `embeds`' joined subqueries.
std::string level_tail_sql(const std::string& ref, const Relation& relation,
                           const std::vector<ReadPlan::Embed>& embeds,
                           const std::vector<ReadPlan::Sort>& order,
                           const std::optional<long long>& limit, long long offset, size_t depth,
                           Statement& stmt);

}  // namespace pg_resty

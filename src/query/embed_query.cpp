#include "query/embed_query.hpp"

#include "query/condition_sql.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

std::string column_output(const ReadPlan::Output& out, const std::string& ref, Statement& stmt) {
    const std::string field = field_sql(ref, *out.column, out.json_path, stmt);
    std::string sql;
    if (!out.cast.empty()) {
        // "::" binds tighter than "->>": a path is cast as a whole.
        sql.append(out.json_path.empty() ? field : "(" + field + ")");
        sql.append("::").append(quote_ident(out.cast));
    } else {
        sql.append(field);
    }
    if (!out.alias.empty()) {
        sql.append(" AS ").append(quote_ident(out.alias));
    } else if (!out.cast.empty()) {
        sql.append(" AS ").append(quote_ident(out.column->name));
    }
    return sql;
}

bool is_to_one(const Relationship& r) {
    return r.cardinality == Cardinality::ManyToOne || r.cardinality == Cardinality::OneToOne;
}

// The names a level's rows carry, for a spread to lift into its parent.
std::vector<std::string> output_names(const ReadPlan::Embed& embed) {
    std::vector<std::string> names;
    for (const ReadPlan::Output& out : embed.select) {
        if (out.embed >= 0) {
            const ReadPlan::Embed& child = embed.embeds[static_cast<size_t>(out.embed)];
            if (child.spread) {
                for (std::string& name : output_names(child)) {
                    names.push_back(std::move(name));
                }
            } else if (!child.select.empty()) {
                names.push_back(child.name);
            }
        } else if (out.column == nullptr) {
            for (const Column& column : embed.relation->columns) {
                names.push_back(column.name);
            }
        } else {
            names.push_back(out.alias.empty() ? out.column->name : out.alias);
        }
    }
    return names;
}

void append_list(std::string& list, const std::string& item) {
    if (!list.empty()) {
        list.append(", ");
    }
    list.append(item);
}

// The subquery of one embedded resource, correlated to its parent `parent_ref`.
std::string embed_subquery(const ReadPlan::Embed& embed, const std::string& parent_ref,
                           size_t depth, Statement& stmt) {
    const EmbedSource source = embed_source(embed, parent_ref, depth);
    LevelSql level =
        level_sql(embed.select, embed.embeds, *embed.relation, source.alias, depth + 1, stmt);
    if (level.select.empty()) {
        // Joined only to filter (`rel!inner()`): PostgREST selects the whole row.
        level.select = source.alias + ".*";
    }
    std::vector<std::string> conditions =
        conditions_sql(source.alias, embed.where, embed.logic,
                       joined_null_test(*embed.relation, embed.embeds, depth + 1), stmt);
    conditions.insert(conditions.end(), source.join.begin(), source.join.end());
    return "SELECT " + level.select + source.from + level.joins + where_clause(conditions) +
           level_tail_sql(source.alias, *embed.relation, embed.embeds, embed.order, embed.limit,
                          embed.offset, depth + 1, stmt);
}

}  // namespace

EmbedSource embed_source(const ReadPlan::Embed& embed, const std::string& parent_ref,
                         size_t depth) {
    const Relationship& rel = *embed.relationship;
    EmbedSource source;
    source.alias = quote_ident(embed_rows_name(embed, depth));
    source.from = " FROM " + qualified_name(embed.relation->schema, embed.relation->name) + " AS " +
                  source.alias;
    if (rel.cardinality == Cardinality::ManyToMany) {
        const std::string junction = quote_ident(rel.junction.name + "_j" + std::to_string(depth));
        source.from.append(" INNER JOIN ")
            .append(qualified_name(rel.junction.schema, rel.junction.name))
            .append(" AS ")
            .append(junction)
            .append(" ON ");
        for (size_t i = 0; i < rel.junction_to.size(); ++i) {
            source.from.append(i == 0 ? "" : " AND ")
                .append(junction + "." + quote_ident(rel.junction_to[i].first) + " = " +
                        source.alias + "." + quote_ident(rel.junction_to[i].second));
        }
        for (const auto& [junction_column, parent_column] : rel.junction_from) {
            source.join.push_back(junction + "." + quote_ident(junction_column) + " = " +
                                  parent_ref + "." + quote_ident(parent_column));
        }
    } else {
        for (const auto& [parent_column, child_column] : rel.columns) {
            source.join.push_back(source.alias + "." + quote_ident(child_column) + " = " +
                                  parent_ref + "." + quote_ident(parent_column));
        }
    }
    return source;
}

NullEmbedSql joined_null_test(const Relation& relation, const std::vector<ReadPlan::Embed>& embeds,
                              size_t depth) {
    return [&relation, &embeds, depth](size_t embed, bool not_null) {
        // IS DISTINCT FROM, not IS NULL: a joined row whose columns are all null still counts.
        return quote_ident(embed_join_name(relation, embeds[embed], depth)) +
               (not_null ? " IS DISTINCT FROM NULL" : " IS NOT DISTINCT FROM NULL");
    };
}

std::string level_tail_sql(const std::string& ref, const Relation& relation,
                           const std::vector<ReadPlan::Embed>& embeds,
                           const std::vector<ReadPlan::Sort>& order,
                           const std::optional<long long>& limit, long long offset, size_t depth,
                           Statement& stmt) {
    std::string sql;
    for (size_t i = 0; i < order.size(); ++i) {
        const ReadPlan::Sort& sort = order[i];
        sql.append(i == 0 ? " ORDER BY " : ", ");
        if (sort.embed >= 0) {
            // A column of a to-one embedded resource's joined subquery, by its name there.
            Column named = *sort.column;
            named.name = sort.term.column;
            const std::string join = quote_ident(
                embed_join_name(relation, embeds[static_cast<size_t>(sort.embed)], depth));
            sql.append(field_sql(join, named, sort.term.json_path, stmt));
        } else {
            sql.append(field_sql(ref, *sort.column, sort.term.json_path, stmt));
        }
        if (sort.term.descending) {
            sql.append(*sort.term.descending ? " DESC" : " ASC");
        }
        if (sort.term.nulls == NullsOrder::First) {
            sql.append(" NULLS FIRST");
        } else if (sort.term.nulls == NullsOrder::Last) {
            sql.append(" NULLS LAST");
        }
    }
    if (limit) {
        sql.append(" LIMIT ").append(stmt.bind(kInt8Oid, std::to_string(*limit)));
    }
    if (offset != 0) {
        sql.append(" OFFSET ").append(stmt.bind(kInt8Oid, std::to_string(offset)));
    }
    return sql;
}

LevelSql level_sql(const std::vector<ReadPlan::Output>& select,
                   const std::vector<ReadPlan::Embed>& embeds, const Relation& relation,
                   const std::string& ref, size_t depth, Statement& stmt) {
    LevelSql level;
    for (const ReadPlan::Output& out : select) {
        if (out.embed < 0) {
            append_list(level.select,
                        out.column == nullptr ? ref + ".*" : column_output(out, ref, stmt));
            continue;
        }
        const ReadPlan::Embed& embed = embeds[static_cast<size_t>(out.embed)];
        const std::string agg = quote_ident(embed_join_name(relation, embed, depth));
        const std::string subquery = embed_subquery(embed, ref, depth, stmt);
        const char* join = embed.inner ? " INNER JOIN LATERAL (" : " LEFT JOIN LATERAL (";
        if (is_to_one(*embed.relationship)) {
            level.joins.append(join).append(subquery).append(") AS ").append(agg).append(
                " ON TRUE");
            if (embed.spread) {
                for (const std::string& name : output_names(embed)) {
                    append_list(level.select,
                                agg + "." + quote_ident(name) + " AS " + quote_ident(name));
                }
            } else if (!embed.select.empty()) {
                append_list(level.select,
                            "row_to_json(" + agg + ".*)::jsonb AS " + quote_ident(embed.name));
            }
        } else {
            level.joins.append(join)
                .append("SELECT json_agg(" + agg + ")::jsonb AS " + agg + " FROM (")
                .append(subquery)
                .append(") AS " + agg + ") AS " + agg)
                .append(embed.inner ? " ON " + agg + "." + agg + " IS NOT NULL" : " ON TRUE");
            if (!embed.select.empty()) {
                append_list(level.select, "COALESCE(" + agg + "." + agg + ", '[]') AS " +
                                              quote_ident(embed.name));
            }
        }
    }
    return level;
}

}  // namespace pg_resty

#include "query/read_query.hpp"

#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

std::string like_pattern(const std::string& value) {
    // PostgREST lets clients write '*' for '%', which is awkward in URLs.
    std::string out = value;
    for (char& c : out) {
        if (c == '*') {
            c = '%';
        }
    }
    return out;
}

std::string condition_sql(const ReadPlan::Condition& cond, const std::string& column_sql,
                          Statement& stmt) {
    const Filter& f = cond.filter;
    const TypeOid type = cond.column->type;
    const auto compare = [&](const char* op, std::string value) {
        return column_sql + " " + op + " " + stmt.bind(type, std::move(value));
    };
    switch (f.op) {
        case FilterOp::Eq:
            return compare("=", f.value);
        case FilterOp::Neq:
            return compare("<>", f.value);
        case FilterOp::Gt:
            return compare(">", f.value);
        case FilterOp::Gte:
            return compare(">=", f.value);
        case FilterOp::Lt:
            return compare("<", f.value);
        case FilterOp::Lte:
            return compare("<=", f.value);
        case FilterOp::Like:
            return compare("LIKE", like_pattern(f.value));
        case FilterOp::Ilike:
            return compare("ILIKE", like_pattern(f.value));
        case FilterOp::In:
            if (cond.column->array_type == 0) {
                // No array type to bind the list as: compare as text.
                return column_sql + "::text = ANY(" +
                       stmt.bind(kTextArrayOid, array_literal(f.list)) + ")";
            }
            return column_sql + " = ANY(" +
                   stmt.bind(cond.column->array_type, array_literal(f.list)) + ")";
        case FilterOp::Is:
            switch (f.is_value) {
                case IsValue::Null:
                    return column_sql + " IS NULL";
                case IsValue::NotNull:
                    return column_sql + " IS NOT NULL";
                case IsValue::True:
                    return column_sql + " IS TRUE";
                case IsValue::False:
                    return column_sql + " IS FALSE";
                case IsValue::Unknown:
                    return column_sql + " IS UNKNOWN";
            }
    }
    return "false";
}

}  // namespace

ReadStatements build_read_statements(const ReadPlan& plan) {
    Statement stmt;
    const Relation& rel = *plan.relation;
    const std::string from = qualified_name(rel.schema, rel.name);
    const auto column_sql = [&](const Column& column) {
        return from + "." + quote_ident(column.name);
    };

    std::string select;
    for (const ReadPlan::Output& out : plan.select) {
        if (!select.empty()) {
            select.append(", ");
        }
        if (out.column == nullptr) {
            select.append(from).append(".*");
            continue;
        }
        select.append(column_sql(*out.column));
        if (!out.cast.empty()) {
            select.append("::").append(quote_ident(out.cast));
        }
        if (!out.alias.empty()) {
            select.append(" AS ").append(quote_ident(out.alias));
        } else if (!out.cast.empty()) {
            select.append(" AS ").append(quote_ident(out.column->name));
        }
    }

    std::string sql = "WITH pgrst_source AS (SELECT ";
    sql.append(select).append(" FROM ").append(from);
    const size_t where_start = sql.size();
    for (size_t i = 0; i < plan.where.size(); ++i) {
        const ReadPlan::Condition& cond = plan.where[i];
        sql.append(i == 0 ? " WHERE " : " AND ");
        std::string expr = condition_sql(cond, column_sql(*cond.column), stmt);
        if (cond.filter.negated) {
            expr = "NOT (" + expr + ")";
        }
        sql.append(expr);
    }
    // PostgREST's count query: the same relation and conditions, without order or range.
    const CountQuery count{"SELECT 1 FROM " + from + sql.substr(where_start), stmt.params.size()};
    for (size_t i = 0; i < plan.order.size(); ++i) {
        const ReadPlan::Sort& sort = plan.order[i];
        sql.append(i == 0 ? " ORDER BY " : ", ").append(column_sql(*sort.column));
        if (sort.term.descending) {
            sql.append(*sort.term.descending ? " DESC" : " ASC");
        }
        if (sort.term.nulls == NullsOrder::First) {
            sql.append(" NULLS FIRST");
        } else if (sort.term.nulls == NullsOrder::Last) {
            sql.append(" NULLS LAST");
        }
    }
    if (plan.limit) {
        sql.append(" LIMIT ").append(stmt.bind(kInt8Oid, std::to_string(*plan.limit)));
    }
    if (plan.offset != 0) {
        sql.append(" OFFSET ").append(stmt.bind(kInt8Oid, std::to_string(plan.offset)));
    }
    return finish_read_statements(std::move(sql), std::move(stmt), plan, count);
}

Statement build_read_statement(const ReadPlan& plan) {
    return build_read_statements(plan).main;
}

}  // namespace pg_resty

#include "query/condition_sql.hpp"

#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

bool is_json(TypeOid type) {
    return type == kJsonOid || type == kJsonbOid;
}

// The array type to bind a list of values compared with a field of type `type`.
TypeOid array_of(const Column& column, const JsonPath& path) {
    if (path.empty()) {
        return column.array_type;
    }
    switch (field_type(column, path)) {
        case kTextOid:
            return kTextArrayOid;
        case kJsonOid:
            return kJsonArrayOid;
        default:
            return kJsonbArrayOid;
    }
}

// PostgREST lets clients write '*' for '%', which is awkward in URLs.
std::string like_pattern(const std::string& value) {
    std::string out = value;
    for (char& c : out) {
        if (c == '*') {
            c = '%';
        }
    }
    return out;
}

const char* comparison_operator(FilterOp op) {
    switch (op) {
        case FilterOp::Eq:
            return "=";
        case FilterOp::Neq:
            return "<>";
        case FilterOp::Gt:
            return ">";
        case FilterOp::Gte:
            return ">=";
        case FilterOp::Lt:
            return "<";
        case FilterOp::Lte:
            return "<=";
        case FilterOp::Like:
            return "LIKE";
        case FilterOp::Ilike:
            return "ILIKE";
        case FilterOp::Match:
            return "~";
        case FilterOp::Imatch:
            return "~*";
        case FilterOp::Cs:
            return "@>";
        case FilterOp::Cd:
            return "<@";
        case FilterOp::Ov:
            return "&&";
        case FilterOp::Sl:
            return "<<";
        case FilterOp::Sr:
            return ">>";
        case FilterOp::Nxr:
            return "&<";
        case FilterOp::Nxl:
            return "&>";
        case FilterOp::Adj:
            return "-|-";
        default:
            return "=";
    }
}

const char* tsquery_function(FilterOp op) {
    switch (op) {
        case FilterOp::Plfts:
            return "plainto_tsquery";
        case FilterOp::Phfts:
            return "phraseto_tsquery";
        case FilterOp::Wfts:
            return "websearch_to_tsquery";
        default:
            return "to_tsquery";
    }
}

// `field op value`, `field op ANY(values)` or `field op ALL(values)`.
std::string comparison_sql(const std::string& field, const Filter& f, TypeOid type,
                           TypeOid array_type, Statement& stmt) {
    const bool pattern = f.op == FilterOp::Like || f.op == FilterOp::Ilike;
    const bool text_operator = pattern || f.op == FilterOp::Match || f.op == FilterOp::Imatch;
    std::string value = pattern ? like_pattern(f.value) : f.value;
    std::string sql = field + " " + comparison_operator(f.op) + " ";
    if (f.quantifier == Quantifier::None) {
        // Pattern operators take text whatever the column: `col LIKE unknown` resolves so in
        // PostgREST's SQL too.
        return sql + stmt.bind(text_operator ? kTextOid : type, std::move(value));
    }
    // The value is an array literal ({1,2}) read as an array of the field's type.
    const TypeOid param_type = text_operator || array_type == 0 ? kTextArrayOid : array_type;
    sql.append(f.quantifier == Quantifier::Any ? "ANY(" : "ALL(");
    return sql + stmt.bind(param_type, std::move(value)) + ")";
}

std::string in_sql(const std::string& field, const Filter& f, TypeOid array_type, Statement& stmt) {
    const std::string lhs = array_type == 0 ? field + "::text" : field;
    if (f.list.size() == 1 && f.list[0].empty()) {
        // in.() is the empty list (as in PostgREST), not a list of one empty string.
        return lhs + " = ANY('{}')";
    }
    // Without an array type to bind the list as (the column is an array itself), compare text.
    return lhs + " = ANY(" +
           stmt.bind(array_type == 0 ? kTextArrayOid : array_type, array_literal(f.list)) + ")";
}

std::string fts_sql(const std::string& field, const Filter& f, TypeOid type, Statement& stmt) {
    // PostgREST applies to_tsvector() to any column that is not a tsvector already.
    std::string language;
    if (f.language) {
        language = stmt.bind(kRegconfigOid, *f.language);
    }
    std::string vector = field;
    if (type != kTsvectorOid) {
        vector = "to_tsvector(" + (language.empty() ? "" : language + ", ") + field + ")";
    }
    std::string query = std::string(tsquery_function(f.op)) + "(";
    if (!language.empty()) {
        query.append(language).append(", ");
    }
    query.append(stmt.bind(kTextOid, f.value)).append(")");
    return vector + " @@ " + query;
}

std::string is_sql(const std::string& field, IsValue value) {
    switch (value) {
        case IsValue::Null:
            return field + " IS NULL";
        case IsValue::NotNull:
            return field + " IS NOT NULL";
        case IsValue::True:
            return field + " IS TRUE";
        case IsValue::False:
            return field + " IS FALSE";
        case IsValue::Unknown:
            return field + " IS UNKNOWN";
    }
    return field + " IS NULL";
}

std::string level_condition_sql(const std::string& table, const ReadPlan::Condition& condition,
                                const NullEmbedSql& null_embed, Statement& stmt) {
    if (condition.null_embed >= 0) {
        return null_embed(static_cast<size_t>(condition.null_embed), condition.filter.negated);
    }
    return condition_sql(table, condition, stmt);
}

std::string logic_sql(const std::string& table, const ReadPlan::Logic& logic,
                      const NullEmbedSql& null_embed, Statement& stmt) {
    if (logic.kind == LogicTree::Kind::Filter) {
        return level_condition_sql(table, logic.condition, null_embed, stmt);
    }
    std::string sql = logic.negated ? "NOT (" : "(";
    const char* glue = logic.kind == LogicTree::Kind::And ? " AND " : " OR ";
    // Depth is bounded by the parser (grammar::kMaxNesting).
    for (size_t i = 0; i < logic.children.size(); ++i) {
        if (i > 0) {
            sql.append(glue);
        }
        sql.append(logic_sql(table, logic.children[i], null_embed, stmt));
    }
    sql.push_back(')');
    return sql;
}

}  // namespace

std::string field_sql(const std::string& table, const Column& column, const JsonPath& path,
                      Statement& stmt) {
    std::string sql = table + "." + quote_ident(column.name);
    if (path.empty()) {
        return sql;
    }
    if (!is_json(column.type)) {
        sql = "to_jsonb(" + sql + ")";
    }
    for (const JsonStep& step : path) {
        sql.append(step.as_text ? "->>" : "->");
        sql.append(stmt.bind(step.index ? kInt4Oid : kTextOid, step.key));
    }
    return sql;
}

TypeOid field_type(const Column& column, const JsonPath& path) {
    if (path.empty()) {
        return column.type;
    }
    if (path.back().as_text) {
        return kTextOid;
    }
    return column.type == kJsonOid ? kJsonOid : kJsonbOid;
}

std::string condition_sql(const std::string& table, const ReadPlan::Condition& condition,
                          Statement& stmt) {
    const Filter& f = condition.filter;
    const Column& column = *condition.column;
    const std::string field = field_sql(table, column, f.json_path, stmt);
    const TypeOid type = field_type(column, f.json_path);
    std::string sql;
    switch (f.op) {
        case FilterOp::In:
            sql = in_sql(field, f, array_of(column, f.json_path), stmt);
            break;
        case FilterOp::Is:
            sql = is_sql(field, f.is_value);
            break;
        case FilterOp::IsDistinct:
            sql = field + " IS DISTINCT FROM " + stmt.bind(type, f.value);
            break;
        case FilterOp::Fts:
        case FilterOp::Plfts:
        case FilterOp::Phfts:
        case FilterOp::Wfts:
            sql = fts_sql(field, f, type, stmt);
            break;
        default:
            sql = comparison_sql(field, f, type, array_of(column, f.json_path), stmt);
            break;
    }
    return f.negated ? "NOT (" + sql + ")" : sql;
}

std::vector<std::string> conditions_sql(const std::string& table,
                                        const std::vector<ReadPlan::Condition>& where,
                                        const std::vector<ReadPlan::Logic>& logic,
                                        const NullEmbedSql& null_embed, Statement& stmt) {
    std::vector<std::string> out;
    for (const ReadPlan::Condition& condition : where) {
        out.push_back(level_condition_sql(table, condition, null_embed, stmt));
    }
    for (const ReadPlan::Logic& tree : logic) {
        out.push_back(logic_sql(table, tree, null_embed, stmt));
    }
    return out;
}

std::string where_clause(const std::vector<std::string>& conditions) {
    std::string sql;
    for (const std::string& condition : conditions) {
        sql.append(sql.empty() ? " WHERE " : " AND ").append(condition);
    }
    return sql;
}

}  // namespace pg_resty

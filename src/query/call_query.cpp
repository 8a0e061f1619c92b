#include "query/call_query.hpp"

#include "query/read_query.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

// "a" := pgrst_body."a", VARIADIC "v" := pgrst_body."v"
std::string named_arguments(const CallPlan& plan) {
    std::string sql;
    for (const FunctionParam* param : plan.args) {
        if (!sql.empty()) {
            sql.append(", ");
        }
        if (param->mode == 'v') {
            sql.append("VARIADIC ");
        }
        const std::string name = quote_ident(param->name);
        sql.append(name).append(" := pgrst_body.").append(name);
    }
    return sql;
}

// "a" "pg_catalog"."int4", ...: json_to_record's column list.
std::string record_columns(const CallPlan& plan) {
    std::string sql;
    for (const FunctionParam* param : plan.args) {
        if (!sql.empty()) {
            sql.append(", ");
        }
        sql.append(quote_ident(param->name)).append(" ").append(param->sql_type);
    }
    return sql;
}

}  // namespace

ReadStatements build_call_statements(const CallPlan& plan) {
    Statement stmt;
    const Function& function = *plan.function;
    std::string arguments;
    std::string from;
    if (plan.whole_body) {
        arguments = stmt.bind(plan.body_value.type, plan.body_value.value);
    } else if (!plan.args.empty()) {
        from = "pg_catalog.json_to_record(" + stmt.bind(kJsonOid, plan.args_json) +
               ") AS pgrst_body(" + record_columns(plan) + "), LATERAL ";
        arguments = named_arguments(plan);
    }
    const std::string call = qualified_name(function.schema, function.name) + "(" + arguments + ")";
    const bool scalar = plan.shape == CallShape::Void || plan.shape == CallShape::Scalar ||
                        plan.shape == CallShape::SetOfScalar;
    if (scalar) {
        from.append("(SELECT " + call + " AS pgrst_scalar) pgrst_call");
    } else {
        from.append(call + " pgrst_call");
    }
    ReadSource source;
    source.with = "pgrst_call_rows AS (SELECT pgrst_call.* FROM " + from + ")";
    source.ref = quote_ident("pgrst_call");
    source.from = "pgrst_call_rows AS " + source.ref;
    return build_read_statements_from(plan.read, source, std::move(stmt));
}

}  // namespace pg_resty

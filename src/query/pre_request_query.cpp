#include "query/pre_request_query.hpp"

#include "common/text.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

std::optional<Statement> pre_request_statement(const std::string& setting) {
    const std::string_view name = trim_ascii(setting);
    if (name.empty()) {
        return std::nullopt;
    }
    Statement statement;
    const size_t dot = name.find('.');
    const std::string function = dot == std::string_view::npos
                                     ? quote_ident(name)
                                     : qualified_name(name.substr(0, dot), name.substr(dot + 1));
    statement.sql = "SELECT " + function + "()";
    return statement;
}

}  // namespace pg_resty

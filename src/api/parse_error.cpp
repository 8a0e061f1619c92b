#include "api/parse_error.hpp"

namespace pg_resty {

ApiError query_parse_error(std::string_view what, std::string_view source, std::string_view parsed,
                           size_t pos, std::string details) {
    size_t line = 1;
    size_t column = 1;
    parsec::render_position(parsed, pos, line, column);
    // Parsec's `show` of a SourcePos puts the source name between quotes as it is, unescaped.
    std::string message = "\"failed to parse ";
    message.append(what).append(" (").append(source).append(")\" (line ");
    message.append(std::to_string(line)).append(", column ").append(std::to_string(column));
    message.append(")");
    return ApiError(400, "PGRST100", std::move(message), std::move(details));
}

ApiError query_parse_error(std::string_view what, std::string_view source, std::string_view parsed,
                           const parsec::ParseError& error) {
    return query_parse_error(what, source, parsed, error.pos, parsec::render_details(error));
}

ApiError query_parse_error(const parsec::Input& in, const parsec::ParseError& error) {
    return query_parse_error(in.what, in.source, in.text, error);
}

ApiError query_parse_error(const parsec::Input& in, size_t pos, std::string details) {
    return query_parse_error(in.what, in.source, in.text, pos, std::move(details));
}

ApiError not_implemented(std::string details) {
    return ApiError(400, "PGRST127", "Feature not implemented", std::move(details));
}

}  // namespace pg_resty

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// The optional argument of the pg_resty.on_row_change() trigger:
// {"exchange": "amq.topic", "include": ["col", ...], "exclude": ["col", ...]}.
struct RowChangeConfig {
    std::string exchange = "amq.topic";
    bool has_include = false;
    std::vector<std::string> include;
    std::vector<std::string> exclude;

    // Whether the payload keeps `column`: in include (when given) and not in exclude.
    bool keeps(std::string_view column) const;
    // Whether any column may be left out (otherwise the whole row is sent as is).
    bool filters() const { return has_include || !exclude.empty(); }
};

// Throws EventError (22023) naming the problem.
RowChangeConfig parse_row_change_config(std::string_view json);

// The user of the request from request.jwt.claims: "user_id", else "sub"; a string or a
// number. None when absent, of another type, empty, or the claims are not a JSON object.
std::optional<std::string> claims_user_id(std::string_view claims_json);

// row_change.table-<table>.event-<INSERT|UPDATE|DELETE>[.user-<id>], as the PostgREST
// starter kit forms it. Throws EventError when it exceeds 255 bytes.
std::string row_change_routing_key(std::string_view table, std::string_view operation,
                                   const std::optional<std::string>& user_id);

}  // namespace pg_resty

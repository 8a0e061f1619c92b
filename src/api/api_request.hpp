#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/media_type.hpp"
#include "api/preferences.hpp"
#include "api/row_range.hpp"

namespace pg_resty {

// What the client asked for, in API terms (PostgREST's ApiRequest), before it is checked
// against the schema cache. Pure data: produced by the query-string parser.

struct SelectItem {
    bool star = false;
    std::string column;
    std::string alias;  // empty: none
    std::string cast;   // normalised type name, empty: none
};

enum class FilterOp { Eq, Neq, Gt, Gte, Lt, Lte, Like, Ilike, In, Is };

enum class IsValue { Null, NotNull, True, False, Unknown };

struct Filter {
    std::string column;
    bool negated = false;
    FilterOp op = FilterOp::Eq;
    std::string value;                 // single-value operators
    std::vector<std::string> list;     // in
    IsValue is_value = IsValue::Null;  // is
};

enum class NullsOrder { Default, First, Last };

struct OrderTerm {
    std::string column;
    std::optional<bool> descending;  // nullopt: as written, no direction
    NullsOrder nulls = NullsOrder::Default;
};

enum class Action { Read };

struct ApiRequest {
    Action action = Action::Read;
    bool head = false;
    std::string schema;
    std::string relation;
    std::vector<SelectItem> select;  // never empty after parsing ("*" by default)
    std::vector<Filter> filters;
    std::vector<OrderTerm> order;
    std::optional<long long> limit;
    long long offset = 0;

    // From the headers (api/profile.cpp, api/request_headers.cpp).
    bool negotiated_by_profile = false;  // the response names the schema in Content-Profile
    RowRange range = all_rows();         // limit/offset and the Range header: rows to return
    Preferences preferences;
    std::vector<MediaType> accept{media_of(MediaType::Kind::Any)};  // best first
};

}  // namespace pg_resty

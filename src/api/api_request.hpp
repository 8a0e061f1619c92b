#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pg_resty {

// What the client asked for, in API terms (PostgREST's ApiRequest), before it is checked
// against the schema cache. Pure data: produced by the query-string parser.

enum class JoinType { Default, Inner, Left };

struct SelectItem {
    bool star = false;
    std::string column;  // a column, or the embedded relation's name
    std::string alias;   // empty: none
    std::string cast;    // normalised type name, empty: none

    // `alias:relation!hint!inner(items)` or `...relation(items)`: an embedded resource.
    bool embed = false;
    bool spread = false;
    std::string hint;  // empty: none
    JoinType join = JoinType::Default;
    std::vector<SelectItem> children;
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
};

}  // namespace pg_resty

#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/media_type.hpp"
#include "api/preferences.hpp"
#include "api/row_range.hpp"
#include "api/write_body.hpp"

namespace pg_resty {

// What the client asked for, in API terms (PostgREST's ApiRequest), before it is checked
// against the schema cache. Pure data: produced by the query-string parser.

// One step of a JSON path: "->key", "->>key", "->0" (array index, possibly negative).
struct JsonStep {
    bool as_text = false;  // "->>"
    bool index = false;    // `key` is an integer
    std::string key;
};
using JsonPath = std::vector<JsonStep>;

enum class JoinType { Default, Inner, Left };

struct SelectItem {
    bool star = false;
    std::string column;  // a column, or the embedded relation's name
    std::string alias;   // empty: none
    std::string cast;    // normalised type name, empty: none
    JsonPath json_path = {};

    // `alias:relation!hint!inner(items)` or `...relation(items)`: an embedded resource.
    bool embed = false;
    bool spread = false;
    std::string hint;  // empty: none
    JoinType join = JoinType::Default;
    std::vector<SelectItem> children;
};

// PostgREST's operators: comparisons, pattern matches (like ilike match imatch), in, is,
// isdistinct, array/range operators (cs cd ov sl sr nxl nxr adj) and full-text search.
enum class FilterOp {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    Like,
    Ilike,
    In,
    Is,
    Match,
    Imatch,
    IsDistinct,
    Cs,
    Cd,
    Ov,
    Sl,
    Sr,
    Nxl,
    Nxr,
    Adj,
    Fts,
    Plfts,
    Phfts,
    Wfts
};

// eq(any).{1,2} / like(all).{a*,*b}: the value is an array literal compared element-wise.
enum class Quantifier { None, Any, All };

enum class IsValue { Null, NotNull, True, False, Unknown };

struct Filter {
    std::string column;
    bool negated = false;
    FilterOp op = FilterOp::Eq;
    std::string value;                 // single-value operators
    std::vector<std::string> list;     // in
    IsValue is_value = IsValue::Null;  // is
    JsonPath json_path = {};
    Quantifier quantifier = Quantifier::None;
    std::optional<std::string> language;  // fts(english): text search configuration
};

// and=(...), or=(...), not.or=(...): filters combined, nested to a bounded depth.
struct LogicTree {
    enum class Kind { Filter, And, Or };
    Kind kind = Kind::Filter;
    bool negated = false;
    Filter filter;                    // Kind::Filter
    std::vector<LogicTree> children;  // And, Or
};

enum class NullsOrder { Default, First, Last };

struct OrderTerm {
    std::string relation;  // `clients(name)`: a column of this embedded to-one resource
    std::string column;
    std::optional<bool> descending;  // nullopt: as written, no direction
    NullsOrder nulls = NullsOrder::Default;
    JsonPath json_path = {};
};

// A query parameter for an embedded resource: `clients.projects.name=eq.x` applies to the
// `projects` embedded in `clients`, its path {"clients", "projects"} (relation names or aliases).
template <typename T>
struct EmbedParam {
    std::vector<std::string> path;  // never empty
    T value;
};

// `clients.limit=2&clients.offset=1`.
struct EmbedRange {
    std::optional<long long> limit;
    long long offset = 0;
};

// Read: rows of a relation. Inspect: GET / or HEAD /, the OpenAPI description of the schema.
// Call: /rpc/<function>, by GET/HEAD (arguments in the query) or POST (arguments in the body).
// Create (POST), Update (PATCH), Upsert (PUT), Delete (DELETE): writes to a relation.
enum class Action { Read, Inspect, Create, Update, Upsert, Delete, Call };

inline bool is_write(Action action) {
    return action == Action::Create || action == Action::Update || action == Action::Upsert ||
           action == Action::Delete;
}

struct ApiRequest {
    Action action = Action::Read;
    bool head = false;
    std::string schema;
    std::string relation;
    std::string function;      // Call
    bool invoke_post = false;  // Call by POST
    // Query parameters that are neither reserved nor filters: a GET call's arguments.
    std::vector<std::pair<std::string, std::string>> plain_params;
    // Content-Type of the body (application/json when absent), as PostgREST decodes it.
    MediaType content_type = media_of(MediaType::Kind::ApplicationJson);
    std::vector<SelectItem> select;  // never empty after parsing ("*" by default)
    std::vector<Filter> filters;
    std::vector<LogicTree> logic;
    std::vector<OrderTerm> order;
    std::optional<long long> limit;
    long long offset = 0;

    // The same for embedded resources, checked against the select by the planner.
    std::vector<EmbedParam<Filter>> embed_filters;
    std::vector<EmbedParam<LogicTree>> embed_logic;
    std::vector<EmbedParam<std::vector<OrderTerm>>> embed_order;
    std::vector<EmbedParam<EmbedRange>> embed_ranges;

    // From the headers (api/profile.cpp, api/request_headers.cpp).
    bool negotiated_by_profile = false;  // the response names the schema in Content-Profile
    RowRange range = all_rows();         // limit/offset and the Range header: rows to return
    Preferences preferences;
    std::vector<MediaType> accept{media_of(MediaType::Kind::Any)};  // best first

    // Writes (api/write_body.cpp): ?columns=, ?on_conflict= and the body (not for Delete).
    std::optional<std::vector<std::string>> columns;
    std::optional<std::vector<std::string>> on_conflict;
    WritePayload payload;
    bool range_given = false;  // a limit or offset parameter was sent
};

}  // namespace pg_resty

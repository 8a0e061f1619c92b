#include "api/api_request_parser.hpp"

#include <algorithm>
#include <string_view>

#include "api/api_error.hpp"
#include "api/columns_parser.hpp"
#include "api/field_name.hpp"
#include "api/filter_parser.hpp"
#include "api/logic_parser.hpp"
#include "api/order_parser.hpp"
#include "api/parse_error.hpp"
#include "api/profile.hpp"
#include "api/request_headers.hpp"
#include "api/select_parser.hpp"
#include "common/text.hpp"
#include "http/request_target.hpp"

namespace pg_resty {

namespace {

constexpr size_t kMaxQueryParams = 1000;

std::string_view last_segment(std::string_view key) {
    const size_t dot = key.rfind('.');
    return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

// PostgREST reads limit/offset with Haskell's `readMaybe`: anything that is not an integer
// is ignored rather than rejected.
std::optional<long long> read_integer(std::string_view text) {
    text = trim_ascii(text);
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    long long value = 0;
    if (!parse_non_negative_int64(text, value)) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

// `clients.order=...`, `clients.projects.limit=...`: the key's embedding path is read with
// pTreePath, as PostgREST reads it.
void add_embed_range_or_order(std::string_view key, std::string_view ending, std::string_view value,
                              ApiRequest& api) {
    std::vector<std::string> path = parse_tree_path(key).embed;
    if (ending == "order") {
        api.embed_order.push_back({std::move(path), parse_order(value)});
        return;
    }
    const std::optional<long long> n = read_integer(value);
    if (!n) {
        return;
    }
    EmbedRange* range = nullptr;
    for (EmbedParam<EmbedRange>& existing : api.embed_ranges) {
        if (existing.path == path) {
            range = &existing.value;
        }
    }
    if (range == nullptr) {
        range = &api.embed_ranges.emplace_back(EmbedParam<EmbedRange>{std::move(path), {}}).value;
    }
    if (ending == "limit") {
        range->limit = *n;
    } else {
        range->offset = *n;
    }
}

void parse_query(const Request& request, ApiRequest& api) {
    const std::vector<QueryPair> pairs = parse_query_string(request.query);
    if (pairs.size() > kMaxQueryParams) {
        throw ApiError(400, "PGRST100", "too many query parameters",
                       "at most 1000 query parameters are accepted");
    }
    bool have_select = false;
    for (const auto& [key, value] : pairs) {
        const std::string_view ending = last_segment(key);
        const bool embedded = ending.size() < key.size();
        if (key == "select") {
            if (!have_select) {
                api.select = parse_select(value);
                have_select = true;
            }
        } else if (key == "columns") {
            api.columns = parse_column_list(value, "columns parameter");
        } else if (key == "on_conflict") {
            api.on_conflict = parse_column_list(value, "on_conflict parameter");
        } else if (ending == "and" || ending == "or") {
            if (value.empty()) {
                continue;
            }
            LogicParam logic = parse_logic_param(key, value);
            if (logic.embed.empty()) {
                api.logic.push_back(std::move(logic.tree));
            } else {
                api.embed_logic.push_back({std::move(logic.embed), std::move(logic.tree)});
            }
        } else if (ending == "order" || ending == "limit" || ending == "offset") {
            if (value.empty()) {
                continue;
            }
            if (!embedded && ending != "order") {
                api.range_given = true;
            }
            if (embedded) {
                add_embed_range_or_order(key, ending, value, api);
            } else if (ending == "order") {
                api.order = parse_order(value);
            } else if (ending == "limit") {
                if (auto n = read_integer(value)) {
                    api.limit = *n;
                }
            } else if (auto n = read_integer(value)) {
                api.offset = *n;
            }
        } else if (embedded || looks_like_filter(value)) {
            // The key is a field with an optional JSON path, after an embedding path.
            TreePath path = parse_tree_path(key);
            Filter filter = parse_filter(std::move(path.field), value);
            if (path.embed.empty()) {
                api.filters.push_back(std::move(filter));
            } else {
                api.embed_filters.push_back({std::move(path.embed), std::move(filter)});
            }
        } else {
            // A plain parameter, only meaningful for function calls.
            api.plain_params.emplace_back(key, value);
        }
    }
    if (!have_select) {
        SelectItem star;
        star.star = true;
        api.select.push_back(std::move(star));
    }
}

// /rpc/<function>: GET and HEAD read the arguments from the query, POST from the body.
ApiRequest parse_call(const Request& request, std::string_view name, ApiRequest api) {
    const std::string& method = request.method;
    if (method != "GET" && method != "HEAD" && method != "POST") {
        throw ApiError(405, "PGRST101", "Cannot use the " + method + " method on RPC");
    }
    if (name.empty() || name.find('/') != std::string_view::npos) {
        throw ApiError(404, "PGRST125", "Invalid path specified in request URL");
    }
    api.action = Action::Call;
    api.function.assign(name);
    api.head = method == "HEAD";
    api.invoke_post = method == "POST";
    if (api.invoke_post) {
        api.content_type = content_media_type(request.header("content-type"));
    }
    parse_query(request, api);
    parse_read_headers(request, api);
    return api;
}

// PostgREST's getRanges checks for writes.
void check_write_request(const ApiRequest& api) {
    if ((api.action == Action::Update || api.action == Action::Delete) && api.range_given &&
        api.order.empty()) {
        throw ApiError(400, "PGRST109", "A 'limit' was applied without an explicit 'order'",
                       std::nullopt, "Apply an 'order' using unique column(s)");
    }
    if (api.action == Action::Upsert && (api.limit || api.offset != 0)) {
        throw ApiError(400, "PGRST114",
                       "limit/offset querystring parameters are not allowed for PUT");
    }
}

// PostgREST's getPayload: ?columns= applies to POST and PATCH only, and then a JSON body is
// passed on as it is, its column list being ?columns=.
void read_payload(const Request& request, ApiRequest& api) {
    const std::optional<std::vector<std::string>>& columns =
        api.action == Action::Upsert ? std::nullopt : api.columns;
    const MediaType content = content_media_type(request.header("content-type"));
    api.payload = parse_write_payload(request.body, content, columns.has_value());
    if (columns && content.kind == MediaType::Kind::ApplicationJson) {
        std::vector<std::string> keys = *columns;
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        api.payload.keys = std::move(keys);
    }
}

}  // namespace

ApiRequest parse_api_request(const Request& request, const Settings& settings) {
    ApiRequest api;
    const std::string& method = request.method;
    const bool rpc = request.path.compare(0, 5, "/rpc/") == 0;
    if (method == "GET" || method == "HEAD") {
        api.action = Action::Read;
        api.head = method == "HEAD";
    } else if (rpc &&
               (method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE")) {
        // Answered by parse_call.
    } else if (method == "POST") {
        api.action = Action::Create;
    } else if (method == "PATCH") {
        api.action = Action::Update;
    } else if (method == "PUT") {
        api.action = Action::Upsert;
    } else if (method == "DELETE") {
        api.action = Action::Delete;
    } else if (method == "OPTIONS") {
        throw not_implemented("the " + method + " method is not supported yet");
    } else {
        throw ApiError(405, "PGRST117", "Unsupported HTTP method: " + method);
    }

    SchemaChoice schema = negotiate_schema(request, settings);
    api.schema = std::move(schema.schema);
    api.negotiated_by_profile = schema.negotiated;
    std::string_view path = request.path;
    if (path.empty() || path.front() != '/') {
        throw ApiError(404, "PGRST125", "Invalid path specified in request URL");
    }
    path.remove_prefix(1);
    if (path.empty() && is_write(api.action)) {
        throw ApiError(405, "PGRST117", "Unsupported HTTP method: " + method);
    }
    if (path.empty()) {
        // PostgREST's default openapi-mode (follow-privileges) describes the schema here.
        api.action = Action::Inspect;
        api.accept = parse_accept(request.header("accept"));
        return api;
    }
    if (path.substr(0, 4) == "rpc/") {
        return parse_call(request, path.substr(4), std::move(api));
    }
    if (path.find('/') != std::string_view::npos) {
        throw ApiError(404, "PGRST125", "Invalid path specified in request URL");
    }
    api.relation.assign(path);
    parse_query(request, api);
    parse_read_headers(request, api);
    if (is_write(api.action)) {
        check_write_request(api);
        if (api.action != Action::Delete) {
            read_payload(request, api);
        }
    }
    return api;
}

}  // namespace pg_resty

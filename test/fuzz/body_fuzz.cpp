// Fuzz target: request bodies. The body through parse_write_payload, then the whole write path
// (parse_api_request, plan_write, build_write_statements) on a table of the fuzz schema, or a
// call (plan_call, build_call_statements) on one of its functions. Every outcome other than a
// statement or an ApiError is a finding, and so is SQL in which user text escaped its quoting.
//
// Input: one selector byte, then a line "name?query" (the table or function and the query
// string), a line with the Prefer header's value (may be empty), and the body to the end.
// The selector: bits 0-2 the Content-Type (mod 5), bit 3 ?columns=, bits 4-6 the request (mod
// 6): POST, PATCH, PUT, DELETE on the table; POST, GET /rpc/<name>.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/api_request_parser.hpp"
#include "api/write_body.hpp"
#include "common/json_value.hpp"
#include "fuzz_input.hpp"
#include "fuzz_schema.hpp"
#include "fuzz_sql.hpp"
#include "plan/call_plan.hpp"
#include "plan/write_plan.hpp"
#include "query/call_query.hpp"
#include "query/write_query.hpp"
#include "response/read_response.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 16 * 1024;

constexpr const char* kContentTypes[] = {"application/json", "text/csv",
                                         "application/x-www-form-urlencoded", "text/plain",
                                         "application/octet-stream"};

constexpr const char* kMethods[] = {"POST", "PATCH", "PUT", "DELETE", "POST", "GET"};

struct BodyInput {
    const char* content_type = kContentTypes[0];
    bool columns = false;
    int request = 0;  // index into kMethods; 4 and 5 are calls
    std::string_view target;
    std::string_view prefer;
    std::string_view body;
};

BodyInput decode(std::string_view text) {
    BodyInput input;
    if (text.empty()) {
        return input;
    }
    const auto selector = static_cast<unsigned char>(text[0]);
    text.remove_prefix(1);
    input.content_type = kContentTypes[(selector & 7) % 5];
    input.columns = (selector & 8) != 0;
    input.request = ((selector >> 4) & 7) % 6;
    size_t end = text.find('\n');
    input.target = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    end = text.find('\n');
    input.prefer = text.substr(0, end);
    input.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return input;
}

// The ?columns= the flag adds: every column of the table (whatever the body holds, as a client
// may send), or an empty list for a name that is no table.
std::string columns_parameter(std::string_view target, const FuzzSchema& schema) {
    const std::string name(target.substr(0, target.find('?')));
    std::string list;
    if (const Relation* relation = schema.cache.find("api", name)) {
        for (const Column& column : relation->columns) {
            list.append(list.empty() ? "" : ",").append(column.name);
        }
    }
    return "columns=" + list;
}

Request make_request(const BodyInput& input, const FuzzSchema& schema) {
    Request request;
    request.method = kMethods[input.request];
    const bool call = input.request >= 4;
    request.target = std::string(call ? "/rpc/" : "/").append(input.target);
    if (input.columns) {
        request.target.append(request.target.find('?') == std::string::npos ? "?" : "&")
            .append(columns_parameter(input.target, schema));
    }
    split_request_target(request.target, request.path, request.query);
    request.headers.push_back({"content-type", input.content_type});
    if (!input.prefer.empty()) {
        request.headers.push_back({"prefer", std::string(input.prefer)});
    }
    request.body = std::string(input.body);
    return request;
}

void check_read(const ReadStatements& statements) {
    if (verbose()) {
        std::fprintf(stderr, "%s\n", statements.main.sql.c_str());
    }
    check_sql(statements.main);
    if (statements.explain) {
        check_sql(*statements.explain);
    }
}

void run_request(const Request& request, const FuzzSchema& schema) {
    const ApiRequest api = parse_api_request(request, schema.settings);
    if (api.action == Action::Inspect) {
        return;  // the OpenAPI description needs the database
    }
    if (api.action == Action::Call) {
        const CallPlan plan = plan_call(api, request.body, schema.cache, schema.settings);
        check_read(build_call_statements(plan));
        return;
    }
    if (!is_write(api.action)) {
        return;  // reads are the request target's
    }
    const WritePlan plan = plan_write(api, schema.cache, schema.settings);
    const WriteStatements statements = build_write_statements(plan, api.preferences);
    if (verbose()) {
        std::fprintf(stderr, "%s\n", statements.main.sql.c_str());
    }
    check_sql(statements.main);
}

void report(const ApiError& error) {
    // What the client would get: the error body must build too.
    error_response(error);
    if (verbose()) {
        std::fprintf(stderr, "%d %s %s\n", error.status, error.code.c_str(), error.message.c_str());
    }
}

}  // namespace
}  // namespace pg_resty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace pg_resty;
    if (size > fuzz::kMaxInput) {
        return -1;
    }
    static const fuzz::FuzzSchema schema;
    const fuzz::BodyInput input = fuzz::decode(fuzz::as_text(data, size));
    // The body parser alone first: whatever the request around it, it sees every body.
    try {
        const std::string header = input.content_type;
        const WritePayload payload =
            parse_write_payload(input.body, content_media_type(&header), input.columns);
        // CSV and form bodies become JSON text of our making (a JSON body is passed on as
        // it came, checked by json_shape alone).
        // (parse_json, not try_parse_json: a "\u0000" is valid JSON, PostgreSQL's to judge.)
        if (input.content_type != fuzz::kContentTypes[0]) {
            try {
                parse_json(payload.json);
            } catch (const JsonError& error) {
                fuzz::fail(error.what(), payload.json);
            }
        }
        for (size_t i = 1; i < payload.keys.size(); ++i) {
            if (!(payload.keys[i - 1] < payload.keys[i])) {
                fuzz::fail("payload keys not sorted and distinct", payload.keys[i]);
            }
        }
    } catch (const ApiError& error) {
        fuzz::report(error);
    }
    try {
        fuzz::run_request(fuzz::make_request(input, schema), schema);
    } catch (const ApiError& error) {
        fuzz::report(error);
    }
    return 0;
}

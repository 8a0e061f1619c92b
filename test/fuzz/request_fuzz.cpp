// Fuzz target: a request (method, target, headers) through the read stages that run before
// the database: parse_api_request, plan_read against a fixed schema cache, and the SQL builder;
// OPTIONS through options_response. Every outcome other than a statement or an ApiError is a
// finding, and so is SQL in which user text escaped its quoting (see check_sql).
//
// Input: "METHOD /path?query" on the first line, then "name: value" header lines.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/api_request_parser.hpp"
#include "fuzz_input.hpp"
#include "fuzz_schema.hpp"
#include "fuzz_sql.hpp"
#include "plan/read_plan.hpp"
#include "query/read_query.hpp"
#include "response/options_response.hpp"
#include "response/read_response.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 16 * 1024;

void run(const Request& request, const FuzzSchema& schema) {
    if (request.method == "OPTIONS") {
        options_response(request, schema.cache, schema.settings);
        return;
    }
    const ApiRequest api = parse_api_request(request, schema.settings);
    if (api.action == Action::Inspect) {
        return;  // the OpenAPI description needs the database
    }
    const ReadPlan plan = plan_read(api, schema.cache, schema.settings);
    const ReadStatements statements = build_read_statements(plan);
    if (verbose()) {
        std::fprintf(stderr, "%s\n", statements.main.sql.c_str());
    }
    check_sql(statements.main);
    if (statements.explain) {
        check_sql(*statements.explain);
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
    const Request request = fuzz::request_from_lines(fuzz::split_lines(fuzz::as_text(data, size)));
    try {
        fuzz::run(request, schema);
    } catch (const ApiError& error) {
        // What the client would get: the error body must build too.
        error_response(error);
        if (fuzz::verbose()) {
            std::fprintf(stderr, "%d %s %s\n", error.status, error.code.c_str(),
                         error.message.c_str());
        }
    }
    return 0;
}

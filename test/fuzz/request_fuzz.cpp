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
#include "plan/read_plan.hpp"
#include "query/read_query.hpp"
#include "response/options_response.hpp"
#include "response/read_response.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 16 * 1024;

// The statement's text outside quoted identifiers and string literals is the builder's own:
// quotes must close, no statement separator or comment may appear there, and every
// placeholder must name a parameter.
void check_sql(const Statement& statement) {
    const std::string& sql = statement.sql;
    size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            for (;; ++j) {
                if (j >= sql.size()) {
                    fail("unterminated quote in SQL", sql);
                }
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        ++j;  // doubled quote inside
                        continue;
                    }
                    break;
                }
            }
            i = j + 1;
            continue;
        }
        if (c == ';' || (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
            (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*')) {
            fail("separator or comment outside quotes in SQL", sql);
        }
        if (c == '$') {
            size_t j = i + 1;
            size_t number = 0;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && number < 1000000) {
                number = number * 10 + static_cast<size_t>(sql[j] - '0');
                ++j;
            }
            if (j == i + 1 || number == 0 || number > statement.params.size()) {
                fail("placeholder without a parameter in SQL", sql);
            }
            i = j;
            continue;
        }
        ++i;
    }
}

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

#include "pipeline/request_pipeline.hpp"

#include <new>

#include "api/api_request_parser.hpp"
#include "auth/auth.hpp"
#include "common/pg_error.hpp"
#include "plan/read_plan.hpp"
#include "query/read_query.hpp"
#include "response/error_mapping.hpp"
#include "response/read_response.hpp"

namespace pg_resty {

Response RequestPipeline::run_stages(Request& request, bool& authenticated) {
    if (auto direct = hooks_.on_rest_request(request)) {
        return std::move(*direct);
    }
    const AuthResult auth = authenticate(request, settings_);
    authenticated = auth.authenticated;
    const ApiRequest api = parse_api_request(request, settings_);
    const ReadPlan plan = plan_read(api, database_.schema_cache(), settings_);
    const ReadStatements statements = build_read_statements(plan);
    RequestContext ctx = make_request_context(request, auth, /*read_only=*/true);
    ctx.schema = api.schema;
    Response response = read_response(database_.run_read(statements, ctx), api, plan);
    hooks_.before_rest_response(request, response);
    return response;
}

Response RequestPipeline::handle(Request& request) noexcept {
    bool authenticated = false;
    try {
        try {
            return run_stages(request, authenticated);
        } catch (const ApiError& error) {
            return error_response(error);
        } catch (const PgError& error) {
            return error_response(api_error_from_pg(error, authenticated));
        } catch (const std::bad_alloc&) {
            return error_response(ApiError(500, "PGRSTX00", "out of memory"));
        } catch (const std::exception& error) {
            return error_response(ApiError(500, "PGRSTX00", error.what()));
        }
    } catch (...) {
        // Building the error response itself failed (out of memory): answer without a body.
        Response bare;
        bare.status = 500;
        return bare;
    }
}

}  // namespace pg_resty

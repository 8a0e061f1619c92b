#include "pipeline/request_pipeline.hpp"

#include <ctime>
#include <new>

#include "api/api_request_parser.hpp"
#include "auth/auth.hpp"
#include "common/pg_error.hpp"
#include "pipeline/openapi_stage.hpp"
#include "http/cors.hpp"
#include "http/path_prefix.hpp"
#include "plan/call_plan.hpp"
#include "plan/read_plan.hpp"
#include "query/call_query.hpp"
#include "response/call_response.hpp"
#include "plan/write_plan.hpp"
#include "query/read_query.hpp"
#include "query/write_query.hpp"
#include "response/error_mapping.hpp"
#include "response/options_response.hpp"
#include "response/read_response.hpp"
#include "response/write_response.hpp"

namespace pg_resty {

Response RequestPipeline::run_stages(Request& request, AuthResult& auth) {
    auth =
        authenticator_.authenticate(request, settings_, static_cast<long long>(std::time(nullptr)));
    if (request.method == "OPTIONS") {
        return options_response(request, database_.schema_cache(), settings_);
    }
    const ApiRequest api = parse_api_request(request, settings_);
    if (api.action == Action::Inspect) {
        return describe_schema(api,
                               make_request_context(request, auth, settings_, /*read_only=*/true),
                               database_, settings_);
    }
    if (api.action == Action::Call) {
        const CallPlan call = plan_call(api, request.body, database_.schema_cache(), settings_);
        const ReadStatements statements = build_call_statements(call);
        RequestContext ctx = make_request_context(request, auth, settings_, call.read_only);
        ctx.schema = api.schema;
        return call_response(database_.run_call(statements, ctx), api, call);
    }
    if (is_write(api.action)) {
        // Writes run read-write; everything else stays in read-only transactions.
        const WritePlan plan = plan_write(api, database_.schema_cache(), settings_);
        const WriteStatements statements = build_write_statements(plan, api.preferences);
        RequestContext ctx = make_request_context(request, auth, settings_, /*read_only=*/false);
        ctx.schema = api.schema;
        return write_response(database_.run_write(statements, ctx), api, plan);
    }
    const ReadPlan plan = plan_read(api, database_.schema_cache(), settings_);
    const ReadStatements statements = build_read_statements(plan);
    RequestContext ctx = make_request_context(request, auth, settings_, /*read_only=*/true);
    ctx.schema = api.schema;
    ctx.timezone = plan.timezone.value_or("");
    return read_response(database_.run_read(statements, ctx), api, plan);
}

Response RequestPipeline::handle(Request& request) noexcept {
    // CORS wraps everything else, as PostgREST's middleware does: a preflight is answered
    // before authentication, and every other answer (errors too) gets the CORS headers.
    try {
        if (std::optional<Response> preflight = cors_preflight(request, settings_)) {
            return std::move(*preflight);
        }
    } catch (...) {
        // Out of memory: serve the request without CORS.
    }
    Response response = handle_without_cors(request);
    try {
        add_cors_headers(request, settings_, response);
    } catch (...) {
    }
    return response;
}

Response RequestPipeline::refuse(const Request& request, const ApiError& error) noexcept {
    Response response;
    try {
        response = error_response(error);
    } catch (...) {
        response = Response{};
        response.status = error.status;
        return response;
    }
    try {
        add_cors_headers(request, settings_, response);
    } catch (...) {
    }
    return response;
}

Response RequestPipeline::handle_without_cors(Request& request) noexcept {
    // Outside the prefix is not the API: the hooks, like the starter kit's nginx location, are
    // for the API only.
    if (!strip_path_prefix(settings_.path_prefix, request.path)) {
        return outside_prefix();
    }
    AuthResult auth;
    Response response = answer(request, auth);
    // As the starter kit's filters did, the hook sees every response on its way out: errors and
    // direct answers from on_rest_request included.
    try {
        hooks_.before_rest_response(request, auth, response);
    } catch (const ApiError& error) {
        try {
            response = error_response(error);
        } catch (...) {
            response = Response{};
            response.status = 500;
        }
    } catch (...) {
        response = Response{};
        response.status = 500;
    }
    return response;
}

Response RequestPipeline::outside_prefix() noexcept {
    try {
        return error_response(ApiError(404, "PGRST125", "Invalid path specified in request URL"));
    } catch (...) {
        Response bare;
        bare.status = 404;
        return bare;
    }
}

Response RequestPipeline::answer(Request& request, AuthResult& auth) noexcept {
    try {
        try {
            if (auto direct = hooks_.on_rest_request(request)) {
                return std::move(*direct);
            }
            Response response = run_stages(request, auth);
            add_path_prefix(settings_.path_prefix, response);
            return response;
        } catch (const ApiError& error) {
            return error_response(error);
        } catch (const PgError& error) {
            return error_response(api_error_from_pg(error, auth.authenticated));
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

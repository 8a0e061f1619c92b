#include "pipeline/openapi_stage.hpp"

#include "response/openapi.hpp"

namespace pg_resty {

Response describe_schema(const ApiRequest& api, const RequestContext& ctx, Database& database,
                         const Settings& settings) {
    const SchemaCache& cache = database.schema_cache();
    const AccessibleObjects access = database.accessible_objects(api.schema, ctx);
    OpenApiServer server;
    server.host = openapi_host(settings.listen_addresses);
    server.port = settings.port;
    return openapi_response(openapi_document(cache, api.schema, access, server));
}

}  // namespace pg_resty

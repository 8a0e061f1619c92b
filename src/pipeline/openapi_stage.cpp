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
    // Paths in Swagger 2.0 are relative to basePath, so the prefix goes there only.
    server.base_path = settings.path_prefix.empty() ? "/" : settings.path_prefix;
    return openapi_response(openapi_document(cache, api.schema, access, server));
}

}  // namespace pg_resty

#include "pipeline/openapi_stage.hpp"

#include "config/proxy_uri.hpp"
#include "plan/media_negotiation.hpp"
#include "plan/privileges.hpp"
#include "response/openapi.hpp"

namespace pg_resty {

Response describe_schema(const ApiRequest& api, const RequestContext& ctx, Database& database,
                         const Settings& settings) {
    negotiate_openapi_media(api.accept);
    if (settings.openapi_mode == OpenApiMode::Disabled) {
        // PostgREST v12 answers 200 with the OpenAPI media type and no document.
        return openapi_response("");
    }
    const SchemaCache& cache = database.schema_cache();
    const AccessibleObjects access = settings.openapi_mode == OpenApiMode::IgnorePrivileges
                                         ? all_objects(cache, api.schema)
                                         : database.accessible_objects(api.schema, ctx);
    OpenApiServer server;
    server.host = openapi_host(settings.listen_addresses);
    server.port = settings.port;
    // Paths in Swagger 2.0 are relative to basePath, so the prefix goes there only.
    server.base_path = settings.path_prefix.empty() ? "/" : settings.path_prefix;
    if (std::optional<ProxyUri> proxy = parse_proxy_uri(settings.openapi_server_proxy_uri)) {
        server.scheme = proxy->scheme;
        server.host = proxy->host;
        server.port = proxy->port;
        server.base_path = proxy->path;
    }
    return openapi_response(openapi_document(cache, api.schema, access, server));
}

}  // namespace pg_resty

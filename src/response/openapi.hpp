#pragma once

#include <string>

#include "http/response.hpp"
#include "plan/privileges.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

inline constexpr const char* kOpenApiContentType = "application/openapi+json; charset=utf-8";

// Where the API is reached, for the document's host / basePath / schemes.
struct OpenApiServer {
    std::string scheme = "http";
    std::string host = "localhost";
    int port = 3000;
    std::string base_path = "/";
};

// The host the document names for the first pg_resty.listen_addresses entry, as PostgREST
// names its server-host: the wildcard becomes 0.0.0.0.
std::string openapi_host(const std::string& listen_addresses);

// PostgREST's OpenAPI 2.0 (Swagger) description of `schema`: the root path, every relation in
// `access.relations` (definitions, shared parameters, and get, or get/post/patch/delete when
// rows can be written), and every function in `access.functions` under /rpc/. Descriptions,
// summaries and the title come from the comments in the cache's docs.
std::string openapi_document(const SchemaCache& cache, const std::string& schema,
                             const AccessibleObjects& access, const OpenApiServer& server);

// The response to GET / (and HEAD /, whose body the HTTP layer drops).
Response openapi_response(std::string document);

}  // namespace pg_resty

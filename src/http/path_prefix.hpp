#pragma once

#include <string>
#include <string_view>

#include "http/response.hpp"

namespace pg_resty {

// pg_resty.path_prefix, the one place that knows it: the API is served below the prefix
// ("/rest"), as the starter kit's nginx `location /rest` served PostgREST. An empty prefix
// is the root.

// Whether the decoded `path` lies below `prefix` (the prefix itself or prefix + "/..."); if
// so, `path` becomes the rest ("/rest" and "/rest/" become "/", "/rest/todos" "/todos").
// "/restaurants" does not lie below "/rest".
bool strip_path_prefix(std::string_view prefix, std::string& path);

// `location` as the client must use it: a path ("/todos?id=eq.1") gets the prefix in front;
// anything else (an absolute URL, "//host/...") is returned unchanged.
std::string with_path_prefix(std::string_view prefix, std::string_view location);

// Applies with_path_prefix to the response's Location and Content-Location headers.
void add_path_prefix(std::string_view prefix, Response& response);

}  // namespace pg_resty

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/media_type.hpp"

namespace pg_resty {

// The body of a POST, PATCH or PUT as PostgREST's getPayload makes it: always JSON text for the
// statement's one parameter, and the keys that decide the column list.
struct WritePayload {
    std::string json;
    std::vector<std::string> keys;  // sorted, without duplicates (PostgREST's Set)
};

// `content`: the request's Content-Type (application/json when absent). With `raw_json` (the
// request names ?columns=) a JSON body is passed on unchecked, as PostgREST passes it; the
// database rejects invalid JSON. Throws ApiError 400 PGRST102 for a body PostgREST rejects:
// invalid JSON ("Empty or invalid json"), an array of objects whose keys differ ("All object
// keys must match"), malformed CSV, or a Content-Type it cannot read.
WritePayload parse_write_payload(std::string_view body, const MediaType& content, bool raw_json);

// The Content-Type header decoded as PostgREST decodes it; application/json when absent.
MediaType content_media_type(const std::string* header);

}  // namespace pg_resty

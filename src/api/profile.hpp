#pragma once

#include <string>

#include "config/settings.hpp"
#include "http/request.hpp"

namespace pg_resty {

// The schema a request works in (PostgREST's getSchema): the one its profile header names
// (Accept-Profile for reads, Content-Profile for writes), else the first exposed schema.
struct SchemaChoice {
    std::string schema;
    // The response names the schema in Content-Profile: a profile header chose it, or several
    // schemas are exposed (the default was then negotiated too).
    bool negotiated = false;
};

// Throws ApiError 406 PGRST106 for a profile that is not an exposed schema.
SchemaChoice negotiate_schema(const Request& request, const Settings& settings);

}  // namespace pg_resty

#pragma once

#include <vector>

#include "api/media_type.hpp"

namespace pg_resty {

// How the read statement turns the rows into the body (PostgREST's media handlers).
enum class BodyAggregate {
    None,                  // HEAD: no body to build
    JsonArray,             // application/json
    JsonArrayStripNulls,   // application/vnd.pgrst.array+json;nulls=stripped
    JsonObject,            // application/vnd.pgrst.object+json
    JsonObjectStripNulls,  // application/vnd.pgrst.object+json;nulls=stripped
    Csv,                   // text/csv
    GeoJson,               // application/geo+json (needs PostGIS's ST_AsGeoJSON)
    ScalarValue,           // a function's scalar result: the bare value
    ScalarArray,           // a function's set of scalars: an array of values
};

struct NegotiatedMedia {
    MediaType media;  // what Content-Type says
    BodyAggregate aggregate = BodyAggregate::JsonArray;
};

// PostgREST's negotiateContent for a table or view read: the first accepted type it can
// produce. `*/*` means JSON; plans (EXPLAIN output) are off, as with db-plan-enabled's
// default. HEAD builds no body but answers the same Content-Type. Throws ApiError 406
// PGRST107 when none can be produced.
NegotiatedMedia negotiate_read_media(const std::vector<MediaType>& accept, bool head);

// GET / and HEAD /: the OpenAPI document is served for application/openapi+json,
// application/json or */*; anything else is a 406 PGRST107.
void negotiate_openapi_media(const std::vector<MediaType>& accept);

}  // namespace pg_resty

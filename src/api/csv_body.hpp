#pragma once

#include <string>
#include <string_view>

namespace pg_resty {

// A text/csv body (RFC 4180: a header line, then records; fields quoted with '"', quotes
// doubled inside) as the JSON array of objects PostgREST's csvToJson makes: every value a
// string, an unquoted or quoted NULL a JSON null. Throws ApiError 400 PGRST102 for malformed
// CSV and for a record whose field count differs from the header's.
std::string csv_to_json(std::string_view body);

}  // namespace pg_resty

#pragma once

#include <set>
#include <string>

#include "common/rows.hpp"

namespace pg_resty {

// The time zone names `Prefer: timezone=` may use, one per row: PostgREST's dbTimezones.
extern const char* const kTimezonesQuery;

std::set<std::string> timezones_from_rows(const Rows& rows);

}  // namespace pg_resty

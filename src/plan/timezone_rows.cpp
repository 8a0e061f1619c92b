#include "plan/timezone_rows.hpp"

namespace pg_resty {

const char* const kTimezonesQuery = "SELECT name FROM pg_catalog.pg_timezone_names";

std::set<std::string> timezones_from_rows(const Rows& rows) {
    std::set<std::string> names;
    for (const Row& row : rows) {
        if (!row.empty() && row[0]) {
            names.insert(*row[0]);
        }
    }
    return names;
}

}  // namespace pg_resty

#pragma once

#include <string>
#include <vector>

namespace pg_resty {

// The reloadable pg_resty.* settings as the request stages see them: a plain snapshot taken
// from the GUC variables at start and after each SIGHUP, so pure code never reads GUCs.
struct Settings {
    std::string anon_role;                       // pg_resty.anon_role; empty: anonymous gets 401
    std::vector<std::string> schemas;            // pg_resty.schemas; the first is the default
    std::vector<std::string> extra_search_path;  // pg_resty.extra_search_path
    long long max_rows = -1;                     // pg_resty.max_rows; -1: unlimited
    std::string jwt_secret;                      // pg_resty.jwt_secret (verification: later issue)
    std::string hooks;                           // pg_resty.hooks: Lua hooks file; empty: none
};

}  // namespace pg_resty

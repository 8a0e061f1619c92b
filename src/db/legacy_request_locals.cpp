#include "db/legacy_request_locals.hpp"

#include <string>
#include <unordered_set>
#include <vector>

#include "db/pg_guard.hpp"
#include "db/pg_log.hpp"
#include "pipeline/legacy_locals.hpp"

namespace pg_resty {

namespace {

// PostgreSQL keeps a placeholder for every custom setting name a session ever set, for the
// life of the session. Header and cookie names come from clients, so a worker creates at most
// this many; names it already has are always set, new ones beyond the bound are left out.
constexpr size_t kMaxDistinctNames = 1000;

std::unordered_set<std::string>& known_names() {
    static std::unordered_set<std::string> names;
    return names;
}

bool admit(const std::string& name) {
    std::unordered_set<std::string>& names = known_names();
    if (names.count(name) != 0) {
        return true;
    }
    if (names.size() >= kMaxDistinctNames) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            log_warning("pg_resty.legacy_gucs: this worker has set " +
                        std::to_string(kMaxDistinctNames) +
                        " different request.* setting names; new header, cookie and claim names "
                        "are no longer set as request.header.* / request.cookie.* / "
                        "request.jwt.claim.*");
        }
        return false;
    }
    names.insert(name);
    return true;
}

}  // namespace

void apply_legacy_request_locals(const RequestContext& ctx) {
    std::vector<RequestLocal> locals = legacy_request_locals(ctx);
    std::vector<const RequestLocal*> admitted;
    admitted.reserve(locals.size());
    for (const RequestLocal& local : locals) {
        if (admit(local.first)) {
            admitted.push_back(&local);
        }
    }
    pg_call([&] {
        for (const RequestLocal* local : admitted) {
            // The name was checked to be a valid custom setting name: it is passed as a name,
            // never as SQL, and cannot name a built-in setting (those have no dot).
            (void)set_config_option(local->first.c_str(), local->second.c_str(), PGC_USERSET,
                                    PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
        }
    });
}

}  // namespace pg_resty

#include "db/request_locals.hpp"

#include "db/legacy_request_locals.hpp"
#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

// How a variable is set for the request. PostgREST sets all of them transaction-locally.
// Here the request.* variables and search_path are set session-wide instead, and only when
// they differ from the session's current value: the request's SQL sees the same values, and
// a request that repeats them (same method, path, claims...) skips set_config_option and the
// GUC stack unwinding at commit, which were about an eighth of a one-row GET. This is safe
// because the worker's session serves nothing but requests, each of which sets them all
// again (a rolled-back transaction restores the old value, which the comparison sees), and
// the worker's own queries schema-qualify what is not in pg_catalog. The role stays
// transaction-local: the worker's own transactions run as the authenticator.
enum class Scope {
    kSessionIfChanged,
    kLocalIfChanged,  // reset to the session default unless it already is
    kLocal,
};

struct Local {
    const char* name;
    const char* value;
    Scope scope;
};

}  // namespace

void apply_request_locals(const RequestContext& ctx, const std::string& search_path) {
    const Local locals[] = {
        {"search_path", search_path.c_str(), Scope::kSessionIfChanged},
        {"role", ctx.role.c_str(), Scope::kLocal},
        {"request.jwt.claims", ctx.claims_json.c_str(), Scope::kSessionIfChanged},
        {"request.method", ctx.method.c_str(), Scope::kSessionIfChanged},
        {"request.path", ctx.path.c_str(), Scope::kSessionIfChanged},
        {"request.headers", ctx.headers_json.c_str(), Scope::kSessionIfChanged},
        {"request.cookies", ctx.cookies_json.c_str(), Scope::kSessionIfChanged},
        // Unset for this request, whatever an earlier one left in the session with a
        // non-local set_config: only what this request's SQL sets shapes its response.
        {"response.headers", "", Scope::kLocalIfChanged},
        {"response.status", "", Scope::kLocalIfChanged},
    };
    const char* timezone = ctx.timezone.empty() ? nullptr : ctx.timezone.c_str();
    pg_call([&] {
        for (const Local& local : locals) {
            if (local.scope != Scope::kLocal) {
                const char* current = GetConfigOption(local.name, true, false);
                // A variable never set does not exist yet, which response.* treat as empty.
                if (current == nullptr && local.scope == Scope::kLocalIfChanged) {
                    current = "";
                }
                if (current != nullptr && strcmp(current, local.value) == 0) {
                    continue;
                }
            }
            // Checked like SET / SET LOCAL; a local value is undone at transaction end.
            (void)set_config_option(
                local.name, local.value, PGC_USERSET, PGC_S_SESSION,
                local.scope == Scope::kSessionIfChanged ? GUC_ACTION_SET : GUC_ACTION_LOCAL, true,
                0, false);
        }
        if (timezone != nullptr) {
            // Prefer: timezone=, a name from pg_timezone_names (checked by the planner).
            (void)set_config_option("timezone", timezone, PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_LOCAL, true, 0, false);
        }
    });
    if (ctx.legacy_gucs) {
        apply_legacy_request_locals(ctx);
    }
}

}  // namespace pg_resty

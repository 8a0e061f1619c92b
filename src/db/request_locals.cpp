#include "db/request_locals.hpp"

#include "db/legacy_request_locals.hpp"
#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

struct Local {
    const char* name;
    const char* value;
};

}  // namespace

void apply_request_locals(const RequestContext& ctx, const std::string& search_path) {
    const Local locals[] = {
        {"search_path", search_path.c_str()},
        {"role", ctx.role.c_str()},
        {"request.jwt.claims", ctx.claims_json.c_str()},
        {"request.method", ctx.method.c_str()},
        {"request.path", ctx.path.c_str()},
        {"request.headers", ctx.headers_json.c_str()},
        {"request.cookies", ctx.cookies_json.c_str()},
        // Unset for this request, whatever an earlier one left in the session with a
        // non-local set_config: only what this request's SQL sets shapes its response.
        {"response.headers", ""},
        {"response.status", ""},
    };
    const char* timezone = ctx.timezone.empty() ? nullptr : ctx.timezone.c_str();
    pg_call([&] {
        for (const Local& local : locals) {
            // As set_config(name, value, true): checked like SET LOCAL, undone at transaction end.
            (void)set_config_option(local.name, local.value, PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_LOCAL, true, 0, false);
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

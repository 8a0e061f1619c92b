// The SQL-callable functions of sql/pg_resty--0.1.0.sql, each entered through pg_entry.
#include "db/pg_entry.hpp"

#include "extension/module_state.hpp"
#include "extension/shared_state.hpp"

namespace pg_resty {

namespace {

bool reload_pending = false;
bool callback_registered = false;

// The bump waits for commit: a worker that reloaded earlier would still see the old catalog.
void on_transaction_end(XactEvent event, void*) {
    if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT) {
        if (reload_pending) {
            bump_schema_generation();
        }
        reload_pending = false;
    } else if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) {
        reload_pending = false;
    }
}

void schedule_reload() {
    if (!callback_registered) {
        RegisterXactCallback(on_transaction_end, nullptr);
        callback_registered = true;
    }
    reload_pending = true;
}

}  // namespace

}  // namespace pg_resty

extern "C" {

PG_FUNCTION_INFO_V1(pg_resty_reload);
PG_FUNCTION_INFO_V1(pg_resty_is_preloaded);
PG_FUNCTION_INFO_V1(pg_resty_on_ddl);

// pg_resty.reload(): PostgREST's NOTIFY pgrst, 'reload schema'.
PGDLLEXPORT Datum pg_resty_reload(PG_FUNCTION_ARGS) {
    (void)fcinfo;
    return pg_resty::pg_entry([]() -> Datum {
        if (!pg_resty::shared_state_available()) {
            ereport(NOTICE, (errmsg("pg_resty is not preloaded: there is no HTTP server to reload"),
                             errhint("Add pg_resty to shared_preload_libraries and restart.")));
            return BoolGetDatum(false);
        }
        pg_resty::schedule_reload();
        return BoolGetDatum(true);
    });
}

PGDLLEXPORT Datum pg_resty_is_preloaded(PG_FUNCTION_ARGS) {
    (void)fcinfo;
    return BoolGetDatum(pg_resty::loaded_at_preload());
}

// Event trigger on ddl_command_end and sql_drop: any DDL may change the exposed schema.
PGDLLEXPORT Datum pg_resty_on_ddl(PG_FUNCTION_ARGS) {
    const bool as_event_trigger = CALLED_AS_EVENT_TRIGGER(fcinfo);
    return pg_resty::pg_entry([as_event_trigger]() -> Datum {
        if (!as_event_trigger) {
            throw pg_resty::PgError("39P01",
                                    "pg_resty.on_ddl() must be called as an event trigger");
        }
        if (pg_resty::shared_state_available()) {
            pg_resty::schedule_reload();
        }
        return PointerGetDatum(nullptr);
    });
}

}  // extern "C"

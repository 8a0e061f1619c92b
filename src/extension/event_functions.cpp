// The SQL-callable functions of the events (sql/pg_resty--0.1.0.sql, "Events"): publish(),
// the on_row_change() trigger and the worker status, each entered through pg_entry.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/pg_entry.hpp"

#include "db/pg_guard.hpp"
#include "events/event_checks.hpp"
#include "events/row_change.hpp"
#include "extension/gucs.hpp"
#include "extension/module_state.hpp"
#include "extension/shared_state.hpp"

namespace pg_resty {

namespace {

constexpr const char* kInsertSql =
    "INSERT INTO pg_resty.outbox (exchange, routing_key, payload, content_type, headers)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id";

// Kept for the life of the backend (SPI_keepplan); PostgreSQL replans it after DDL.
SPIPlanPtr insert_plan = nullptr;

bool wake_pending = false;
bool wake_callback_registered = false;
std::optional<bool> database_served;  // whether this database is pg_resty.database

// Wakes the AMQP worker once the transaction that recorded events has committed (the rows
// are visible to it by then); an aborted transaction recorded nothing to wake it for. A
// prepared transaction commits elsewhere later: the worker's sweep picks it up.
void on_transaction_end(XactEvent event, void*) {
    if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT) {
        if (wake_pending) {
            wake_amqp_worker();
        }
        wake_pending = false;
    } else if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
               event == XACT_EVENT_PREPARE) {
        wake_pending = false;
    }
}

void wake_worker_at_commit() {
    if (!shared_state_available()) {
        return;  // not preloaded: no worker; the events wait in the outbox
    }
    if (!wake_callback_registered) {
        pg_call([] { RegisterXactCallback(on_transaction_end, nullptr); });
        wake_callback_registered = true;
    }
    wake_pending = true;
}

// In a preloaded server only pg_resty.database has a worker draining its outbox: an event
// recorded anywhere else would never leave, so it is refused instead.
void check_database_is_served() {
    if (!shared_state_available() || gucs.database == nullptr) {
        return;
    }
    if (!database_served) {
        bool same = false;
        pg_call([&] {
            const char* name = get_database_name(MyDatabaseId);
            same = name != nullptr && strcmp(name, gucs.database) == 0;
        });
        database_served = same;
    }
    if (!*database_served) {
        throw PgError("55000",
                      std::string("pg_resty publishes events of database \"") + gucs.database +
                          "\" only; an event recorded here would never be sent",
                      std::nullopt,
                      "Set pg_resty.database to this database, or publish from that one.");
    }
}

// Inserts one event into pg_resty.outbox (the caller's transaction) and returns its id.
int64_t insert_event(Datum exchange, Datum routing_key, Datum payload, const char* content_type,
                     Datum headers, bool has_headers) {
    int64_t id = 0;
    pg_call([&] {
        if (SPI_connect() != SPI_OK_CONNECT) {
            elog(ERROR, "pg_resty: SPI_connect failed");
        }
        if (insert_plan == nullptr) {
            Oid types[5] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID};
            SPIPlanPtr plan = SPI_prepare(kInsertSql, 5, types);
            if (plan == nullptr) {
                elog(ERROR, "pg_resty: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
            }
            SPI_keepplan(plan);
            insert_plan = plan;
        }
        Datum values[5] = {exchange, routing_key, payload, CStringGetTextDatum(content_type),
                           headers};
        const char nulls[5] = {' ', ' ', ' ', ' ', has_headers ? ' ' : 'n'};
        const int rc = SPI_execute_plan(insert_plan, values, nulls, false, 1);
        if (rc != SPI_OK_INSERT_RETURNING || SPI_processed != 1) {
            elog(ERROR, "pg_resty: recording the event failed: %s", SPI_result_code_string(rc));
        }
        bool is_null = false;
        id =
            DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &is_null));
        SPI_finish();
    });
    wake_worker_at_commit();
    return id;
}

std::string_view text_view(const text* value) {
    return std::string_view(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
}

[[noreturn]] void rethrow_event_error(const EventError& error) {
    throw PgError(error.sqlstate, error.what());
}

}  // namespace

}  // namespace pg_resty

extern "C" {

PG_FUNCTION_INFO_V1(pg_resty_publish);
PG_FUNCTION_INFO_V1(pg_resty_on_row_change);
PG_FUNCTION_INFO_V1(pg_resty_amqp_worker_status);

// pg_resty.publish(exchange, routing_key, payload, headers DEFAULT NULL) RETURNS bigint
PGDLLEXPORT Datum pg_resty_publish(PG_FUNCTION_ARGS) {
    return pg_resty::pg_entry([fcinfo]() -> Datum {
        using pg_resty::PgError;
        const char* const names[3] = {"exchange", "routing_key", "payload"};
        for (int i = 0; i < 3; ++i) {
            if (PG_ARGISNULL(i)) {
                throw PgError("22004",
                              std::string("pg_resty.publish(): ") + names[i] + " must not be null");
            }
        }
        text* exchange = nullptr;
        text* routing_key = nullptr;
        text* payload = nullptr;
        Jsonb* headers = nullptr;
        const char* headers_text = nullptr;
        pg_resty::pg_call([&] {
            exchange = PG_GETARG_TEXT_PP(0);
            routing_key = PG_GETARG_TEXT_PP(1);
            payload = PG_GETARG_TEXT_PP(2);
            if (!PG_ARGISNULL(3)) {
                headers = PG_GETARG_JSONB_P(3);
                headers_text = JsonbToCString(nullptr, &headers->root, VARSIZE(headers));
            }
        });
        const std::string_view payload_text = pg_resty::text_view(payload);
        try {
            pg_resty::check_exchange(pg_resty::text_view(exchange));
            pg_resty::check_routing_key(pg_resty::text_view(routing_key));
            pg_resty::check_payload_size(payload_text.size());
            if (headers_text != nullptr) {
                (void)pg_resty::parse_event_headers(headers_text);
            }
        } catch (const pg_resty::EventError& error) {
            pg_resty::rethrow_event_error(error);
        }
        pg_resty::check_database_is_served();
        const int64_t id = pg_resty::insert_event(
            PointerGetDatum(exchange), PointerGetDatum(routing_key), PointerGetDatum(payload),
            pg_resty::payload_content_type(payload_text), PointerGetDatum(headers),
            headers != nullptr);
        return Int64GetDatum(id);
    });
}

// AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW EXECUTE FUNCTION
// pg_resty.on_row_change(['{"exchange": ..., "include": [...], "exclude": [...]}'])
PGDLLEXPORT Datum pg_resty_on_row_change(PG_FUNCTION_ARGS) {
    const bool as_trigger = CALLED_AS_TRIGGER(fcinfo);
    return pg_resty::pg_entry([fcinfo, as_trigger]() -> Datum {
        using pg_resty::PgError;
        if (!as_trigger) {
            throw PgError("39P01", "pg_resty.on_row_change() must be called as a trigger");
        }
        const auto* data = reinterpret_cast<const TriggerData*>(fcinfo->context);
        const TriggerEvent event = data->tg_event;
        if (!TRIGGER_FIRED_AFTER(event) || !TRIGGER_FIRED_FOR_ROW(event)) {
            throw PgError("39P01", "pg_resty.on_row_change() must be fired AFTER ... FOR EACH ROW");
        }
        const char* operation = nullptr;
        HeapTuple tuple = data->tg_trigtuple;
        if (TRIGGER_FIRED_BY_INSERT(event)) {
            operation = "INSERT";
        } else if (TRIGGER_FIRED_BY_UPDATE(event)) {
            operation = "UPDATE";
            tuple = data->tg_newtuple;
        } else if (TRIGGER_FIRED_BY_DELETE(event)) {
            operation = "DELETE";
        } else {
            throw PgError("39P01", "pg_resty.on_row_change() handles INSERT, UPDATE and DELETE");
        }
        const Trigger* trigger = data->tg_trigger;
        if (trigger->tgnargs > 1) {
            throw PgError("22023",
                          "pg_resty.on_row_change() takes at most one argument (a JSON object)");
        }
        std::string exchange;
        std::string routing_key;
        std::vector<int> kept;  // attribute indexes of the payload, when columns are filtered
        bool filtered = false;
        const TupleDesc desc = RelationGetDescr(data->tg_relation);
        try {
            pg_resty::RowChangeConfig config;
            if (trigger->tgnargs == 1) {
                config = pg_resty::parse_row_change_config(trigger->tgargs[0]);
            }
            exchange = config.exchange;
            const char* claims = nullptr;
            pg_resty::pg_call([&] { claims = GetConfigOption("request.jwt.claims", true, false); });
            std::optional<std::string> user;
            if (claims != nullptr && claims[0] != '\0') {
                user = pg_resty::claims_user_id(claims);
            }
            routing_key = pg_resty::row_change_routing_key(
                RelationGetRelationName(data->tg_relation), operation, user);
            if (config.filters()) {
                filtered = true;
                for (int i = 0; i < desc->natts; ++i) {
                    const Form_pg_attribute attribute = TupleDescAttr(desc, i);
                    if (!attribute->attisdropped && config.keeps(NameStr(attribute->attname))) {
                        kept.push_back(i);
                    }
                }
            }
        } catch (const pg_resty::EventError& error) {
            pg_resty::rethrow_event_error(error);
        }
        pg_resty::check_database_is_served();

        Datum payload = 0;
        Datum exchange_datum = 0;
        Datum key_datum = 0;
        const int* kept_columns = kept.data();
        const int kept_count = static_cast<int>(kept.size());
        pg_resty::pg_call([&] {
            Datum row = 0;
            if (!filtered) {
                row = heap_copy_tuple_as_datum(tuple, desc);
            } else {
                // The kept columns as a row of their own (a blessed record type, cached by
                // PostgreSQL per column set), so row_to_json names and formats them as usual.
                TupleDesc projected = CreateTemplateTupleDesc(kept_count);
                for (int j = 0; j < kept_count; ++j) {
                    TupleDescCopyEntry(projected, j + 1, desc, kept_columns[j] + 1);
                }
                projected = BlessTupleDesc(projected);
                Datum* values = static_cast<Datum*>(palloc(desc->natts * sizeof(Datum)));
                bool* nulls = static_cast<bool*>(palloc(desc->natts * sizeof(bool)));
                heap_deform_tuple(tuple, desc, values, nulls);
                Datum* kept_values = static_cast<Datum*>(palloc0((kept_count + 1) * sizeof(Datum)));
                bool* kept_nulls = static_cast<bool*>(palloc0((kept_count + 1) * sizeof(bool)));
                for (int j = 0; j < kept_count; ++j) {
                    kept_values[j] = values[kept_columns[j]];
                    kept_nulls[j] = nulls[kept_columns[j]];
                }
                row = HeapTupleGetDatum(heap_form_tuple(projected, kept_values, kept_nulls));
            }
            payload = DirectFunctionCall1(row_to_json, row);
            exchange_datum = PointerGetDatum(
                cstring_to_text_with_len(exchange.data(), static_cast<int>(exchange.size())));
            key_datum = PointerGetDatum(
                cstring_to_text_with_len(routing_key.data(), static_cast<int>(routing_key.size())));
        });
        try {
            pg_resty::check_payload_size(VARSIZE_ANY_EXHDR(DatumGetPointer(payload)));
        } catch (const pg_resty::EventError& error) {
            pg_resty::rethrow_event_error(error);
        }
        (void)pg_resty::insert_event(exchange_datum, key_datum, payload, "application/json", 0,
                                     false);
        return PointerGetDatum(nullptr);
    });
}

// The worker's side of pg_resty.amqp_status (the view adds the outbox count).
PGDLLEXPORT Datum pg_resty_amqp_worker_status(PG_FUNCTION_ARGS) {
    return pg_resty::pg_entry([fcinfo]() -> Datum {
        const pg_resty::AmqpStatusSnapshot status = pg_resty::amqp_status();
        const char* broker = status.broker.c_str();
        const char* last_error = status.last_error.c_str();
        Datum result = 0;
        pg_resty::pg_call([&] {
            TupleDesc desc = nullptr;
            if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE) {
                elog(ERROR, "pg_resty: amqp_worker_status() must return a record");
            }
            desc = BlessTupleDesc(desc);
            Datum values[7];
            bool nulls[7] = {false, false, false, false, false, false, false};
            values[0] = Int32GetDatum(status.worker_pid);
            nulls[0] = status.worker_pid == 0;
            values[1] = BoolGetDatum(status.connected);
            nulls[2] = broker[0] == '\0';
            values[2] = nulls[2] ? 0 : CStringGetTextDatum(broker);
            values[3] = Int64GetDatum(static_cast<int64>(status.published));
            nulls[4] = last_error[0] == '\0';
            values[4] = nulls[4] ? 0 : CStringGetTextDatum(last_error);
            values[5] = TimestampTzGetDatum(status.last_error_at);
            nulls[5] = status.last_error_at == 0;
            values[6] = TimestampTzGetDatum(status.last_publish_at);
            nulls[6] = status.last_publish_at == 0;
            result = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
        });
        return result;
    });
}

}  // extern "C"

#include "extension/log_filter.hpp"

#include <cstring>

#include "db/pg_headers.hpp"

namespace pg_resty {

namespace {

emit_log_hook_type previous_hook = nullptr;
bool connecting_now = false;
bool reporting_worker = false;

bool is_login_failure(const ErrorData* edata) {
    return edata->sqlerrcode == ERRCODE_UNDEFINED_OBJECT ||
           edata->sqlerrcode == ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION ||
           edata->sqlerrcode == ERRCODE_INSUFFICIENT_PRIVILEGE ||
           edata->sqlerrcode == ERRCODE_UNDEFINED_DATABASE;
}

// The postmaster's "background worker "pg_resty http worker 2" (PID n) exited with exit
// code 1" (or "pg_resty amqp worker") after a failed login: the worker already said why.
// Untranslated servers only.
bool is_worker_exit_notice(const ErrorData* edata) {
    return edata->elevel == LOG && edata->message != nullptr &&
           std::strstr(edata->message, "background worker \"pg_resty ") != nullptr &&
           std::strstr(edata->message, "exited with exit code 1") != nullptr;
}

void filter_log(ErrorData* edata) {
    if (MyProcPid == PostmasterPid) {
        if (is_worker_exit_notice(edata)) {
            edata->output_to_server = false;
        }
    } else if (connecting_now && edata->elevel >= FATAL && is_login_failure(edata)) {
        if (!reporting_worker) {
            edata->output_to_server = false;
        } else if (edata->hint == nullptr) {
            edata->hint = pstrdup(
                "pg_resty's HTTP workers connect as pg_resty.authenticator to pg_resty.database "
                "and retry every 5 seconds; create the role (CREATE ROLE authenticator LOGIN "
                "NOINHERIT) and database, or change those settings.");
        }
    }
    if (previous_hook) {
        previous_hook(edata);
    }
}

}  // namespace

void install_log_filter() {
    previous_hook = emit_log_hook;
    emit_log_hook = filter_log;
}

void set_connecting(bool connecting, bool reporter) {
    connecting_now = connecting;
    reporting_worker = reporter;
}

}  // namespace pg_resty

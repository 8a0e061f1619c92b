#include "db/transaction.hpp"

#include "db/pg_guard.hpp"

extern "C" {
#include "utils/timeout.h"
}

namespace pg_resty {

Transaction::Transaction(const char* activity, bool read_only, int isolation) {
    pg_call([&] {
        SetCurrentStatementStartTimestamp();
        StartTransactionCommand();
        open_ = true;
        // The same variables SET TRANSACTION READ ONLY / ISOLATION LEVEL assign; before any
        // snapshot is taken.
        XactReadOnly = read_only;
        if (isolation >= 0) {
            XactIsoLevel = isolation;
        }
        if (SPI_connect() != SPI_OK_CONNECT) {
            elog(ERROR, "pg_resty: SPI_connect failed");
        }
        PushActiveSnapshot(GetTransactionSnapshot());
        debug_query_string = activity;
        pgstat_report_activity(STATE_RUNNING, activity);
    });
}

void Transaction::arm_statement_timeout() {
    pg_call([&] {
        if (StatementTimeout > 0) {
            enable_timeout_after(STATEMENT_TIMEOUT, StatementTimeout);
            timeout_armed_ = true;
        }
    });
}

void Transaction::without_jit() {
    pg_call([] {
        (void)set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0,
                                false);
    });
}

void Transaction::disarm_statement_timeout() {
    if (!timeout_armed_) {
        return;
    }
    timeout_armed_ = false;
    // A timeout that fired after the last statement leaves a cancel pending; the worker's
    // loop drops it before it could cancel anything else.
    pg_call([] { disable_timeout(STATEMENT_TIMEOUT, false); });
}

void Transaction::commit() {
    disarm_statement_timeout();
    pg_call([&] {
        SPI_finish();
        PopActiveSnapshot();
        CommitTransactionCommand();
        open_ = false;
        debug_query_string = nullptr;
        pgstat_report_stat(false);
        pgstat_report_activity(STATE_IDLE, nullptr);
    });
}

Transaction::~Transaction() {
    if (!open_) {
        return;
    }
    try {
        disarm_statement_timeout();
    } catch (...) {
    }
    try {
        pg_call([&] {
            // Abort also unwinds SPI and the snapshot stack.
            AbortCurrentTransaction();
            debug_query_string = nullptr;
            pgstat_report_activity(STATE_IDLE, nullptr);
        });
    } catch (...) {
        // Nothing sensible is left to do here; the next StartTransactionCommand complains
        // loudly if the state is really broken.
    }
}

}  // namespace pg_resty

#pragma once

#include "db/pg_headers.hpp"

namespace pg_resty {

// One worker transaction with SPI connected and a snapshot pushed, as a request or a schema
// load needs it. Destroying it without commit() aborts, so every error path ends the
// transaction and the worker is ready for the next request.
class Transaction {
  public:
    // `activity` is what pg_stat_activity shows as the query; it must outlive the transaction.
    // `isolation`: an XACT_* level for this transaction; -1 keeps the session's default.
    Transaction(const char* activity, bool read_only, int isolation = -1);
    ~Transaction();

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

    // Starts the clock of statement_timeout as it stands now (after the request's role
    // settings): SPI statements skip the backend's own arming in postgres.c. Stopped when the
    // transaction ends.
    void arm_statement_timeout();

    // For the worker's own catalog queries: their row estimates pass jit_above_cost, and
    // compiling them (loading LLVM first) took most of a schema cache load. Local to the
    // transaction; requests keep the server's JIT settings.
    void without_jit();

  private:
    void disarm_statement_timeout();

    bool open_ = false;
    bool timeout_armed_ = false;
};

}  // namespace pg_resty

#pragma once

#include "db/pg_headers.hpp"

namespace pg_resty {

// One worker transaction with SPI connected and a snapshot pushed, as a request or a schema
// load needs it. Destroying it without commit() aborts, so every error path ends the
// transaction and the worker is ready for the next request.
class Transaction {
  public:
    // `activity` is what pg_stat_activity shows as the query; it must outlive the transaction.
    Transaction(const char* activity, bool read_only);
    ~Transaction();

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

  private:
    bool open_ = false;
};

}  // namespace pg_resty

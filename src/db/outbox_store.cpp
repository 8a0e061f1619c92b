#include "db/outbox_store.hpp"

#include "db/pg_guard.hpp"
#include "db/statement_runner.hpp"
#include "db/transaction.hpp"

namespace pg_resty {

namespace {

constexpr TypeOid kInt8ArrayOid = 1016;

// The payload sizes come from the TOAST headers (octet_length does not detoast); the running
// sum cuts the batch once it holds max_bytes, keeping the first event whatever its size.
constexpr const char* kReadSql =
    "SELECT id, exchange, routing_key, payload, content_type, headers::text,"
    " extract(epoch FROM created_at)::bigint"
    " FROM (SELECT o.*, sum(octet_length(o.payload)) OVER (ORDER BY o.id) AS running"
    "       FROM (SELECT * FROM pg_resty.outbox WHERE id > $3 ORDER BY id LIMIT $1) AS o) AS b"
    " WHERE running - octet_length(payload) < $2"
    " ORDER BY id";

constexpr const char* kDeleteSql = "DELETE FROM pg_resty.outbox WHERE id = ANY ($1)";

bool is_missing_table(const PgError& error) {
    return error.sqlstate == "42P01" || error.sqlstate == "3F000";
}

}  // namespace

std::optional<std::vector<OutboxEvent>> OutboxStore::read_batch(size_t max_events, size_t max_bytes,
                                                                int64_t after) {
    Statement statement;
    statement.sql = kReadSql;
    statement.params.push_back({kInt8Oid, std::to_string(max_events)});
    statement.params.push_back({kInt8Oid, std::to_string(max_bytes)});
    statement.params.push_back({kInt8Oid, std::to_string(after)});
    Rows rows;
    try {
        Transaction transaction("pg_resty amqp worker: reading pg_resty.outbox", true);
        rows = run_statement(plans_, statement, true);
        transaction.commit();
    } catch (const PgError& error) {
        if (is_missing_table(error)) {
            return std::nullopt;
        }
        throw;
    }
    std::vector<OutboxEvent> events;
    events.reserve(rows.size());
    for (Row& row : rows) {
        events.push_back(outbox_event_from_row(std::move(row)));
    }
    return events;
}

void OutboxStore::remove(const std::vector<int64_t>& ids) {
    if (ids.empty()) {
        return;
    }
    Statement statement;
    statement.sql = kDeleteSql;
    statement.params.push_back({kInt8ArrayOid, bigint_array_literal(ids)});
    Transaction transaction("pg_resty amqp worker: deleting confirmed events", false);
    (void)run_statement(plans_, statement, false);
    transaction.commit();
}

}  // namespace pg_resty

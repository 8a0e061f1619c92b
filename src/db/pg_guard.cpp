#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

// 5-character SQLSTATE text of a packed error code.
std::string sqlstate_text(int code) {
    std::string text(5, '0');
    for (int i = 0; i < 5; ++i) {
        text[i] = static_cast<char>(PGUNSIXBIT(code));
        code >>= 6;
    }
    return text;
}

}  // namespace

PgError take_pg_error(MemoryContext context) {
    // Copying must happen outside ErrorContext, which FlushErrorState resets.
    MemoryContextSwitchTo(context);
    ErrorData* data = CopyErrorData();
    FlushErrorState();
    // The strings are copied before freeing; if that copy throws bad_alloc, the ErrorData
    // leaks into the transaction context, which the caller's abort resets anyway.
    PgError error(sqlstate_text(data->sqlerrcode), data->message ? data->message : "");
    if (data->detail) {
        error.detail = data->detail;
    }
    if (data->hint) {
        error.hint = data->hint;
    }
    FreeErrorData(data);
    return error;
}

}  // namespace pg_resty

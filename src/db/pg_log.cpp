#include "db/pg_log.hpp"

#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

void emit(int level, const std::string& text) noexcept {
    try {
        const char* message = text.c_str();
        pg_call([&] { ereport(level, (errmsg_internal("pg_resty: %s", message))); });
    } catch (...) {
        // The log line is lost; the request goes on.
    }
}

}  // namespace

void log_message(const std::string& text) noexcept {
    emit(LOG, text);
}
void log_warning(const std::string& text) noexcept {
    emit(WARNING, text);
}

}  // namespace pg_resty

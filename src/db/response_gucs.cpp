#include "db/response_gucs.hpp"

#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

std::optional<std::string> setting(const char* name) {
    const char* value = nullptr;
    pg_call([&] { value = GetConfigOption(name, true, false); });
    // Copied before anything else can change or reuse the setting's storage.
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

}  // namespace

ResponseGucs read_response_gucs() {
    ResponseGucs gucs;
    gucs.status = setting("response.status");
    gucs.headers = setting("response.headers");
    return gucs;
}

}  // namespace pg_resty

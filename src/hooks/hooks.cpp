#include "hooks/hooks.hpp"

namespace pg_resty {

std::optional<Response> Hooks::on_rest_request(Request&) {
    return std::nullopt;
}

void Hooks::before_rest_response(const Request&, Response&) {}

}  // namespace pg_resty

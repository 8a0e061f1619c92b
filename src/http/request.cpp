#include "http/request.hpp"

namespace pg_resty {

const std::string* Request::header(std::string_view name) const {
    for (const Header& h : headers) {
        if (h.name == name) {
            return &h.value;
        }
    }
    return nullptr;
}

}  // namespace pg_resty

// Fuzz target: the JSON reader used for untrusted text (request bodies, JWT headers and
// claims, JWKs) and the JSON text helpers. Checks, besides memory safety: what try_parse_json
// accepts, is_json accepts too; its re-serialisation is JSON that reads back to the same text;
// append_json_string always gives one valid JSON string that decodes to the input when that
// was valid UTF-8.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/json_text.hpp"
#include "common/json_value.hpp"
#include "fuzz_input.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 64 * 1024;

bool valid_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

void check_document(std::string_view text) {
    const std::optional<JsonValue> value = try_parse_json(text);
    if (!value) {
        return;
    }
    if (!is_json(text)) {
        fail("try_parse_json accepts what is_json refuses", text);
    }
    const std::string once = to_json(*value);
    const std::optional<JsonValue> again = try_parse_json(once);
    if (!again || to_json(*again) != once) {
        fail("to_json does not read back", once);
    }
    if (value->is_number()) {
        json_number_as_int64(*value);
    }
    for (const auto& [key, member] : value->members) {
        if (member.is_number()) {
            json_number_as_int64(member);
        }
    }
}

void check_string(std::string_view text) {
    std::string quoted;
    append_json_string(quoted, text);
    const std::optional<JsonValue> value = try_parse_json(quoted);
    if (!is_json(quoted) || (!value && text.find('\0') == std::string_view::npos)) {
        fail("append_json_string is not JSON", quoted);
    }
    if (value && (!value->is_string() || (valid_utf8(text) && value->text != text))) {
        fail("append_json_string does not decode to its input", quoted);
    }
}

}  // namespace
}  // namespace pg_resty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace pg_resty;
    if (size > fuzz::kMaxInput) {
        return -1;
    }
    const std::string_view text = fuzz::as_text(data, size);
    fuzz::check_document(text);
    fuzz::check_string(text);
    return 0;
}

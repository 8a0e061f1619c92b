// Fuzz target: the header parsers a request meets before planning: CORS (preflight and the
// headers added to any answer, with any origin allowed and with a list), Prefer (and what a
// read sends back in Preference-Applied), Accept (with the read's negotiation and the
// Content-Type it answers), Range, and Accept-Profile / Content-Profile.
//
// Input: "METHOD /path" on the first line, then "name: value" header lines.

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/api_error.hpp"
#include "api/media_type.hpp"
#include "api/preferences.hpp"
#include "api/profile.hpp"
#include "api/row_range.hpp"
#include "fuzz_input.hpp"
#include "http/cors.hpp"
#include "plan/media_negotiation.hpp"
#include "response/read_response.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 16 * 1024;

template <typename Fn>
void answering_errors(Fn&& fn) {
    try {
        fn();
    } catch (const ApiError& error) {
        error_response(error);
    }
}

void check_cors(const Request& request, const Settings& settings) {
    cors_preflight(request, settings);
    Response response;
    add_cors_headers(request, settings, response);
}

void check_headers(const Request& request) {
    Settings any_origin;
    any_origin.schemas = {"api", "v2"};
    Settings listed = any_origin;
    listed.cors_allowed_origins = {"http://example.com", "https://app.example.com:8443"};
    check_cors(request, any_origin);
    check_cors(request, listed);

    const Preferences preferences = parse_preferences(request.headers);
    read_preference_applied(preferences);
    answering_errors([&] { check_strict_preferences(preferences); });

    const std::vector<MediaType> accept = parse_accept(request.header("accept"));
    for (const MediaType& media : accept) {
        to_mime(media);
        content_type(media);
    }
    answering_errors([&] {
        const NegotiatedMedia negotiated = negotiate_read_media(accept, request.method == "HEAD");
        content_type(negotiated.media);
    });
    if (const std::string* content = request.header("content-type")) {
        to_mime(decode_media_type(*content));
    }

    if (const std::string* range = request.header("range")) {
        const RowRange rows = parse_range_header(*range);
        restrict_to_max_rows(rows, 100);
        answering_errors([&] { top_level_range(query_range(10, 5), range, true); });
    }
    answering_errors([&] { negotiate_schema(request, any_origin); });
}

}  // namespace
}  // namespace pg_resty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace pg_resty;
    if (size > fuzz::kMaxInput) {
        return -1;
    }
    fuzz::check_headers(fuzz::request_from_lines(fuzz::split_lines(fuzz::as_text(data, size))));
    return 0;
}

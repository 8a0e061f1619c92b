// Arbitrary header values through the Range, Prefer, Accept and profile parsers: they may
// refuse them with an ApiError, never misbehave (run under the sanitizers).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "test_util.hpp"

#include "api/api_error.hpp"
#include "api/media_type.hpp"
#include "api/preferences.hpp"
#include "api/profile.hpp"
#include "api/row_range.hpp"
#include "plan/media_negotiation.hpp"

namespace pg_resty {
namespace {

// Bytes the parsers treat specially, plus a few that they do not.
constexpr char kAlphabet[] = ";q=,*/ .0123456789-+eE\t\"|aAjson/vnd.pgrst\x00\xff\n";

TEST(HeaderParsersRobustness, RandomValues) {
    std::mt19937 rng(20240611);
    Settings settings;
    settings.schemas = {"api", "v2"};
    for (int i = 0; i < 20000; ++i) {
        const std::string value = test::random_text(rng, {kAlphabet, sizeof kAlphabet}, 40);
        const RowRange header = parse_range_header(value);
        (void)header.limit();
        try {
            (void)top_level_range(query_range(3, 1), &value, true);
        } catch (const ApiError& e) {
            EXPECT_EQ(e.status, 416);
        }
        const std::vector<MediaType> accept = parse_accept(&value);
        for (const MediaType& media : accept) {
            // ";x" is an unnamed type to PostgREST too: only its name may be empty.
            EXPECT_EQ(content_type(media).empty(),
                      media.kind == MediaType::Kind::Other && media.other.empty());
        }
        try {
            (void)negotiate_read_media(accept, i % 2 == 0);
        } catch (const ApiError& e) {
            EXPECT_EQ(e.code, "PGRST107");
        }
        const Preferences prefs = parse_preferences({Header{"prefer", value}});
        (void)read_preference_applied(prefs);
        try {
            check_strict_preferences(prefs);
        } catch (const ApiError& e) {
            EXPECT_EQ(e.code, "PGRST122");
        }
        Request request;
        request.method = "GET";
        request.headers.push_back(Header{"accept-profile", value});
        try {
            EXPECT_TRUE(negotiate_schema(request, settings).negotiated);
        } catch (const ApiError& e) {
            EXPECT_EQ(e.code, "PGRST106");
        }
    }
}

}  // namespace
}  // namespace pg_resty

// Arbitrary bodies through the JSON shape walker and the CSV and form converters: they may
// refuse a body with an ApiError, never misbehave (run under the sanitizers), and whatever they
// produce is valid JSON for the statement's parameter.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "test_util.hpp"

#include "api/api_error.hpp"
#include "api/columns_parser.hpp"
#include "api/csv_body.hpp"
#include "api/form_body.hpp"
#include "api/json_shape.hpp"
#include "api/write_body.hpp"
#include "common/json_value.hpp"

namespace pg_resty {
namespace {

// Bytes the parsers treat specially, plus a few that they do not.
constexpr char kAlphabet[] = "{}[],:\"\\u0041 \n\r\t;&=+%2F1-.eNULLtruefalsenull\x00\xff\xc3\xa9";

TEST(WriteBodyRobustness, RandomBodies) {
    std::mt19937 rng(20261204);
    int shapes = 0;
    for (int i = 0; i < 30000; ++i) {
        const std::string body = test::random_text(rng, {kAlphabet, sizeof kAlphabet}, 60);
        if (json_shape(body)) {
            ++shapes;
        }
        EXPECT_TRUE(is_json(form_to_json(body))) << body;
        try {
            EXPECT_TRUE(is_json(csv_to_json(body))) << body;
        } catch (const ApiError& e) {
            EXPECT_EQ(e.code, "PGRST102");
        }
        for (MediaType::Kind kind : {MediaType::Kind::ApplicationJson, MediaType::Kind::TextCsv,
                                     MediaType::Kind::UrlEncoded}) {
            try {
                const WritePayload p = parse_write_payload(body, media_of(kind), false);
                EXPECT_TRUE(is_json(p.json)) << body;
            } catch (const ApiError& e) {
                EXPECT_EQ(e.code, "PGRST102");
            }
        }
        try {
            (void)parse_column_list(body, "columns parameter");
        } catch (const ApiError& e) {
            EXPECT_EQ(e.code, "PGRST100");
        }
    }
    EXPECT_GT(shapes, 0);  // the alphabet does reach valid JSON now and then
}

TEST(WriteBodyRobustness, WellFormedArraysOfRandomObjects) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> count(0, 5);
    for (int i = 0; i < 2000; ++i) {
        std::string json = "[";
        const int n = count(rng);
        for (int k = 0; k < n; ++k) {
            json.append(k == 0 ? "{" : ",{");
            const int members = count(rng);
            for (int m = 0; m < members; ++m) {
                json.append(m == 0 ? "\"" : ",\"")
                    .append(std::to_string(count(rng)))
                    .append("\":[{\"x\":\"]}\\\"\"}]");
            }
            json.push_back('}');
        }
        json.push_back(']');
        const auto shape = json_shape(json);
        ASSERT_TRUE(shape) << json;
        EXPECT_EQ(shape->kind, JsonShape::Kind::Array);
    }
}

}  // namespace
}  // namespace pg_resty

#include "response/openapi_types.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

using Type = std::optional<std::string_view>;

TEST(OpenApiTypes, PostgrestTypeMapping) {
    EXPECT_EQ(swagger_type("integer"), Type("integer"));
    EXPECT_EQ(swagger_type("smallint"), Type("integer"));
    EXPECT_EQ(swagger_type("bigint"), Type("integer"));
    EXPECT_EQ(swagger_type("numeric"), Type("number"));
    EXPECT_EQ(swagger_type("real"), Type("number"));
    EXPECT_EQ(swagger_type("double precision"), Type("number"));
    EXPECT_EQ(swagger_type("boolean"), Type("boolean"));
    EXPECT_EQ(swagger_type("text"), Type("string"));
    EXPECT_EQ(swagger_type("character varying"), Type("string"));
    EXPECT_EQ(swagger_type("timestamp with time zone"), Type("string"));
    EXPECT_EQ(swagger_type("uuid"), Type("string"));
    EXPECT_EQ(swagger_type("api.mood"), Type("string"));
    EXPECT_EQ(swagger_type("json"), std::nullopt);
    EXPECT_EQ(swagger_type("jsonb"), std::nullopt);
    EXPECT_EQ(swagger_type("text[]"), Type("array"));
}

TEST(OpenApiTypes, ArrayItems) {
    EXPECT_TRUE(is_array_type("integer[]"));
    EXPECT_FALSE(is_array_type("integer"));
    EXPECT_EQ(swagger_item_type("integer[]"), Type("integer"));
    EXPECT_EQ(swagger_item_type("character varying[]"), Type("string"));
    EXPECT_EQ(swagger_item_type("jsonb[]"), std::nullopt);
}

TEST(OpenApiTypes, DefaultsOfStringTypesLoseCastAndQuotes) {
    EXPECT_EQ(swagger_default("text", "'default'::text"), R"("default")");
    EXPECT_EQ(swagger_default("date", "'1900-01-01'::date"), R"("1900-01-01")");
    EXPECT_EQ(swagger_default("character varying", "'x'::character varying"), R"("x")");
    EXPECT_EQ(swagger_default("text", "''::text"), R"("")");
    // Not a constant: shown as written, as PostgREST does.
    EXPECT_EQ(swagger_default("timestamp with time zone", "now()"), "\"now()\"");
    // Would not be a JSON string.
    EXPECT_EQ(swagger_default("text", R"('say "hi"'::text)"), std::nullopt);
}

TEST(OpenApiTypes, DefaultsOfOtherTypesOnlyWhenJsonLiterals) {
    EXPECT_EQ(swagger_default("integer", "42"), "42");
    EXPECT_EQ(swagger_default("numeric", "42.2"), "42.2");
    EXPECT_EQ(swagger_default("boolean", "false"), "false");
    EXPECT_EQ(swagger_default("integer", "nextval('items_id_seq'::regclass)"), std::nullopt);
    EXPECT_EQ(swagger_default("integer", "'-1'::integer"), std::nullopt);
    EXPECT_EQ(swagger_default("jsonb", "'{}'::jsonb"), std::nullopt);
    EXPECT_EQ(swagger_default("text[]", "'{}'::text[]"), std::nullopt);
}

TEST(OpenApiTypes, JsonScalars) {
    for (const char* ok : {"0", "-1", "1.5", "1e10", "2.5E-3", "true", "false", R"("")",
                           R"("a\"b")", R"("\u00e9")", R"("\n")"}) {
        EXPECT_TRUE(is_json_scalar(ok)) << ok;
    }
    for (const char* bad : {"", "01", "1.", ".5", "+1", "1e", "null", "NaN", R"(")", R"("a"b")",
                            R"("\x")", R"("\u12")", R"("\ud800")", "\"tab\t\"", "[]", "{}"}) {
        EXPECT_FALSE(is_json_scalar(bad)) << bad;
    }
}

}  // namespace
}  // namespace pg_resty

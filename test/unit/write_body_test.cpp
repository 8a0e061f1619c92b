#include "api/write_body.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/csv_body.hpp"
#include "api/form_body.hpp"
#include "api/json_shape.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using Keys = std::vector<std::string>;

const MediaType kJson = media_of(MediaType::Kind::ApplicationJson);
const MediaType kCsv = media_of(MediaType::Kind::TextCsv);
const MediaType kForm = media_of(MediaType::Kind::UrlEncoded);

// --- JSON shape ---------------------------------------------------------------------------------

TEST(JsonShape, ObjectKeysSortedAndUnique) {
    const auto shape = json_shape(R"( {"b":1,"a":{"x":[1,{"y":"}"}]},"b":2,"c\u0041":null} )");
    ASSERT_TRUE(shape);
    EXPECT_EQ(shape->kind, JsonShape::Kind::Object);
    EXPECT_EQ(shape->keys, (Keys{"a", "b", "cA"}));
}

TEST(JsonShape, ArrayOfObjectsWithTheSameKeysIsUniform) {
    const auto shape = json_shape(R"([{"a":1,"b":"x"},{"b":"]","a":[1,2]}])");
    ASSERT_TRUE(shape);
    EXPECT_EQ(shape->kind, JsonShape::Kind::Array);
    EXPECT_TRUE(shape->uniform);
    EXPECT_EQ(shape->keys, (Keys{"a", "b"}));
}

TEST(JsonShape, DifferentKeysOrNonObjectsAreNotUniform) {
    EXPECT_FALSE(json_shape(R"([{"a":1},{"b":1}])")->uniform);
    EXPECT_FALSE(json_shape(R"([{"a":1},{"a":1,"b":2}])")->uniform);
    EXPECT_FALSE(json_shape(R"([{"a":1},2])")->uniform);
    EXPECT_FALSE(json_shape(R"([1,{"a":1}])")->uniform);
    EXPECT_TRUE(json_shape("[]")->uniform);
    EXPECT_TRUE(json_shape("[]")->keys.empty());
}

TEST(JsonShape, InvalidJsonIsNullopt) {
    for (const char* text : {"", "{", "[1,]", "{\"a\":1,}", "nul", "{\"a\" 1}", "[1] 2"}) {
        EXPECT_FALSE(json_shape(text)) << text;
    }
}

TEST(JsonShape, DeepNestingCostsNoStack) {
    const std::string deep =
        "[{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}]";
    const auto shape = json_shape(deep);
    ASSERT_TRUE(shape);
    EXPECT_EQ(shape->keys, (Keys{"a"}));
}

// --- payloads as PostgREST's getPayload -------------------------------------------------------

TEST(WritePayload, JsonObjectAndArray) {
    WritePayload p = parse_write_payload(R"({"name":"x","id":1})", kJson, false);
    EXPECT_EQ(p.json, R"({"name":"x","id":1})");
    EXPECT_EQ(p.keys, (Keys{"id", "name"}));
    p = parse_write_payload(R"([{"id":1},{"id":2}])", kJson, false);
    EXPECT_EQ(p.keys, (Keys{"id"}));
}

TEST(WritePayload, InvalidJsonIsPgrst102) {
    for (const char* body : {"", "{", "not json", "{\"a\":}"}) {
        const ApiError e = catch_api_error([&] { parse_write_payload(body, kJson, false); });
        EXPECT_EQ(e.status, 400) << body;
        EXPECT_EQ(e.code, "PGRST102");
        EXPECT_EQ(e.message, "Empty or invalid json");
        EXPECT_EQ(e.details, std::nullopt);
    }
}

TEST(WritePayload, DifferentKeysArePgrst102) {
    const ApiError e =
        catch_api_error([] { parse_write_payload(R"([{"a":1},{"b":2}])", kJson, false); });
    EXPECT_EQ(e.code, "PGRST102");
    EXPECT_EQ(e.message, "All object keys must match");
}

TEST(WritePayload, ScalarsBecomeAnEmptyArray) {
    for (const char* body : {"1", "\"x\"", "null", "true"}) {
        const WritePayload p = parse_write_payload(body, kJson, false);
        EXPECT_EQ(p.json, "[]") << body;
        EXPECT_TRUE(p.keys.empty());
    }
}

TEST(WritePayload, ColumnsParameterPassesTheJsonOnUnchecked) {
    const WritePayload p = parse_write_payload(R"([{"a":1},{"b":2}])", kJson, true);
    EXPECT_EQ(p.json, R"([{"a":1},{"b":2}])");
    EXPECT_TRUE(p.keys.empty());
}

TEST(WritePayload, OtherContentTypesAreNotAcceptable) {
    const ApiError e =
        catch_api_error([] { parse_write_payload("x", content_media_type(nullptr), false); });
    EXPECT_EQ(e.code, "PGRST102");
    const std::string plain = "text/plain; charset=utf-8";
    const ApiError e2 =
        catch_api_error([&] { parse_write_payload("x", content_media_type(&plain), false); });
    EXPECT_EQ(e2.status, 400);
    EXPECT_EQ(e2.code, "PGRST102");
    EXPECT_EQ(e2.message, "Content-Type not acceptable: text/plain");
}

TEST(WritePayload, ContentTypeParametersAndSpacesAreIgnored) {
    const std::string json = "application/json ; charset=utf-8";
    EXPECT_EQ(content_media_type(&json).kind, MediaType::Kind::ApplicationJson);
    const std::string csv = "text/csv";
    EXPECT_EQ(content_media_type(&csv).kind, MediaType::Kind::TextCsv);
}

// --- CSV ----------------------------------------------------------------------------------------

TEST(CsvBody, HeaderAndRecordsBecomeObjectsOfStrings) {
    EXPECT_EQ(csv_to_json("id,name\n1,apple\r\n2,\"pear, \"\"ripe\"\"\"\n"),
              R"([{"id":"1","name":"apple"},{"id":"2","name":"pear, \"ripe\""}])");
}

TEST(CsvBody, NullIsJsonNullAndEmptyIsEmptyString) {
    EXPECT_EQ(csv_to_json("a,b,c\nNULL,,\"NULL\""), R"([{"a":null,"b":"","c":null}])");
}

TEST(CsvBody, QuotedNewlinesAndHeaderOnly) {
    EXPECT_EQ(csv_to_json("a\n\"x\ny\"\n"), R"([{"a":"x\ny"}])");
    EXPECT_EQ(csv_to_json("a,b\n"), "[]");
    EXPECT_EQ(csv_to_json("a,b"), "[]");
}

TEST(CsvBody, RepeatedHeaderKeepsTheLastValue) {
    EXPECT_EQ(csv_to_json("a,b,a\n1,2,3\n"), R"([{"b":"2","a":"3"}])");
}

TEST(CsvBody, MalformedCsvIsPgrst102) {
    for (const char* body :
         {"", "a,b\n1\n", "a\n\"unterminated\n", "a\n\"x\"y\n", "a,b\n1,2,3\n"}) {
        const ApiError e = catch_api_error([&] { csv_to_json(body); });
        EXPECT_EQ(e.status, 400) << body;
        EXPECT_EQ(e.code, "PGRST102") << body;
    }
    EXPECT_EQ(catch_api_error([] { csv_to_json("a,b\n1\n"); }).message,
              "All lines must have same number of fields");
}

TEST(CsvBody, ThroughThePayloadGivesKeys) {
    const WritePayload p = parse_write_payload("name,id\n1,x\n", kCsv, true);
    EXPECT_EQ(p.keys, (Keys{"id", "name"}));  // ?columns= does not apply to CSV
}

// --- form ---------------------------------------------------------------------------------------

TEST(FormBody, PairsBecomeStrings) {
    EXPECT_EQ(form_to_json("name=a+b%26c&id=1;empty=&flag"),
              R"({"name":"a b&c","id":"1","empty":"","flag":""})");
}

TEST(FormBody, LastRepeatedKeyWinsAndEmptyPartsAreSkipped) {
    EXPECT_EQ(form_to_json("a=1&&a=2&b=%ZZ"), R"({"a":"2","b":"%ZZ"})");
    EXPECT_EQ(form_to_json(""), "{}");
}

TEST(FormBody, InvalidUtf8BecomesReplacementCharacters) {
    const std::string json = form_to_json("a=%FF");
    EXPECT_TRUE(json_shape(json));
}

TEST(FormBody, ThroughThePayloadGivesKeys) {
    const WritePayload p = parse_write_payload("b=1&a=2", kForm, false);
    EXPECT_EQ(p.keys, (Keys{"a", "b"}));
}

}  // namespace
}  // namespace pg_resty

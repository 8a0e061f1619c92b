#include "response/response_gucs.hpp"

#include <gtest/gtest.h>

#include "query/pre_request_query.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using test::header_value;

Response base() {
    Response r;
    r.status = 200;
    r.add_header("Content-Range", "0-0/*");
    r.add_header("Content-Type", "application/json; charset=utf-8");
    return r;
}

TEST(ResponseGucs, NothingSetChangesNothing) {
    Response r = base();
    apply_response_gucs({}, r);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.size(), 2u);
}

TEST(ResponseGucs, StatusAndHeadersOverride) {
    Response r = base();
    apply_response_gucs(
        {std::string("201"),
         std::string(R"([{"content-type": "text/html"}, {"X-One": "1"}, {"X-One": "2"}])")},
        r);
    EXPECT_EQ(r.status, 201);
    ASSERT_EQ(r.headers.size(), 4u);
    EXPECT_EQ(header_value(r.headers, "content-type"), "text/html");
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "<missing>");
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-0/*");
    EXPECT_EQ(r.headers[1].value, "1");
    EXPECT_EQ(r.headers[2].value, "2");
}

TEST(ResponseGucs, StatusReadsLeadingDigits) {
    Response r = base();
    apply_response_gucs({std::string("418 teapot"), std::nullopt}, r);
    EXPECT_EQ(r.status, 418);
}

TEST(ResponseGucs, InvalidStatusIsPgrst112) {
    for (const char* bad : {"abc", "99", "600", "20000", "-1"}) {
        Response r = base();
        const ApiError e = catch_api_error([&] { apply_response_gucs({std::string(bad), {}}, r); });
        EXPECT_EQ(e.status, 500) << bad;
        EXPECT_EQ(e.code, "PGRST112") << bad;
        EXPECT_EQ(e.message, "response.status guc must be a valid status code");
    }
}

TEST(ResponseGucs, InvalidHeadersArePgrst111) {
    for (const char* bad :
         {R"({"a": "b"})", R"([{"a": 1}])", R"([{"a": "b", "c": "d"}])", R"(["a"])", "nope",
          R"([{"a b": "c"}])", R"([{"X": "a\r\nSet-Cookie: x=1"}])", R"([{"": "x"}])"}) {
        Response r = base();
        const ApiError e = catch_api_error([&] {
            apply_response_gucs({std::nullopt, std::string(bad)}, r);
        });
        EXPECT_EQ(e.status, 500) << bad;
        EXPECT_EQ(e.code, "PGRST111") << bad;
        EXPECT_EQ(e.message,
                  "response.headers guc must be a JSON array composed of objects with "
                  "a single key and a string value");
    }
}

TEST(PreRequest, QuotesTheFunctionName) {
    EXPECT_FALSE(pre_request_statement(""));
    EXPECT_FALSE(pre_request_statement("  "));
    EXPECT_EQ(pre_request_statement("check_request")->sql, "SELECT \"check_request\"()");
    EXPECT_EQ(pre_request_statement("api.check")->sql, "SELECT \"api\".\"check\"()");
    EXPECT_EQ(pre_request_statement("a\"b.c();drop")->sql, "SELECT \"a\"\"b\".\"c();drop\"()");
}

}  // namespace
}  // namespace pg_resty

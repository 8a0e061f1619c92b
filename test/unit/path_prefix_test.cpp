#include "http/path_prefix.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace pg_resty {
namespace {

bool strip(std::string_view prefix, std::string& path) {
    return strip_path_prefix(prefix, path);
}

TEST(PathPrefix, StripsOnlyWholeSegments) {
    std::string path = "/rest/todos";
    EXPECT_TRUE(strip("/rest", path));
    EXPECT_EQ(path, "/todos");
    path = "/rest";
    EXPECT_TRUE(strip("/rest", path));
    EXPECT_EQ(path, "/");
    path = "/rest/";
    EXPECT_TRUE(strip("/rest", path));
    EXPECT_EQ(path, "/");
    path = "/api/v1/rpc/login";
    EXPECT_TRUE(strip("/api/v1", path));
    EXPECT_EQ(path, "/rpc/login");
    for (const char* outside : {"/restaurants", "/", "/todos", "/res", "", "/REST/todos"}) {
        path = outside;
        EXPECT_FALSE(strip("/rest", path)) << outside;
        EXPECT_EQ(path, outside);
    }
}

TEST(PathPrefix, EmptyPrefixIsTheRoot) {
    std::string path = "/todos";
    EXPECT_TRUE(strip("", path));
    EXPECT_EQ(path, "/todos");
    EXPECT_EQ(with_path_prefix("", "/todos?id=eq.1"), "/todos?id=eq.1");
}

TEST(PathPrefix, LocationsGetThePrefix) {
    EXPECT_EQ(with_path_prefix("/rest", "/todos?id=eq.1"), "/rest/todos?id=eq.1");
    EXPECT_EQ(with_path_prefix("/rest", "http://x/todos"), "http://x/todos");
    EXPECT_EQ(with_path_prefix("/rest", "//x/todos"), "//x/todos");
    EXPECT_EQ(with_path_prefix("/rest", ""), "");

    Response response;
    response.add_header("Location", "/todos?id=eq.1");
    response.add_header("content-location", "/todos");
    response.add_header("X-Other", "/todos");
    add_path_prefix("/rest", response);
    EXPECT_EQ(test::header_value(response.headers, "Location"), "/rest/todos?id=eq.1");
    EXPECT_EQ(test::header_value(response.headers, "content-location"), "/rest/todos");
    EXPECT_EQ(test::header_value(response.headers, "X-Other"), "/todos");
}

}  // namespace
}  // namespace pg_resty

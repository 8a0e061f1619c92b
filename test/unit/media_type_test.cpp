#include "api/media_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pg_resty {
namespace {

using Kind = MediaType::Kind;

std::vector<std::string> mimes(const std::vector<MediaType>& types) {
    std::vector<std::string> out;
    for (const MediaType& t : types) {
        out.push_back(to_mime(t));
    }
    return out;
}

std::vector<std::string> accept(const std::string& header) {
    return mimes(parse_accept(&header));
}

TEST(DecodeMediaType, KnownTypes) {
    EXPECT_EQ(decode_media_type("application/json").kind, Kind::ApplicationJson);
    EXPECT_EQ(decode_media_type("application/json;charset=utf-8").kind, Kind::ApplicationJson);
    EXPECT_EQ(decode_media_type("text/csv").kind, Kind::TextCsv);
    EXPECT_EQ(decode_media_type("application/geo+json").kind, Kind::GeoJson);
    EXPECT_EQ(decode_media_type("*/*").kind, Kind::Any);
    EXPECT_EQ(decode_media_type("").kind, Kind::Any);
    EXPECT_EQ(decode_media_type("text/plain").kind, Kind::TextPlain);
    EXPECT_EQ(decode_media_type("application/octet-stream").kind, Kind::OctetStream);
    // Case matters, as in PostgREST.
    EXPECT_EQ(decode_media_type("Application/JSON").kind, Kind::Other);
}

TEST(DecodeMediaType, VendoredTypes) {
    const MediaType object = decode_media_type("application/vnd.pgrst.object+json");
    EXPECT_EQ(object.kind, Kind::VndSingularJson);
    EXPECT_FALSE(object.strip_nulls);
    EXPECT_TRUE(decode_media_type("application/vnd.pgrst.object;nulls=stripped").strip_nulls);
    EXPECT_FALSE(
        decode_media_type("application/vnd.pgrst.object+json;nulls=stripped;x=y").strip_nulls);
    EXPECT_EQ(decode_media_type("application/vnd.pgrst.array+json;nulls=stripped").kind,
              Kind::VndArrayJsonStrip);
    EXPECT_EQ(decode_media_type("application/vnd.pgrst.array+json").kind, Kind::ApplicationJson);
}

TEST(DecodeMediaType, Plans) {
    EXPECT_EQ(to_mime(decode_media_type("application/vnd.pgrst.plan")),
              "application/vnd.pgrst.plan+text; for=\"application/json\"");
    EXPECT_EQ(to_mime(decode_media_type(
                  "application/vnd.pgrst.plan+json;for=\"text/csv\";options=wal|analyze|nope")),
              "application/vnd.pgrst.plan+json; for=\"text/csv\"; options=analyze|wal");
}

TEST(DecodeMediaType, OtherKeepsTheTypeWithoutParameters) {
    const MediaType html = decode_media_type("text/html;level=1");
    EXPECT_EQ(html.kind, Kind::Other);
    EXPECT_EQ(to_mime(html), "text/html");
    EXPECT_EQ(content_type(html), "text/html");
}

TEST(ContentType, CharsetExceptForOpaqueTypes) {
    EXPECT_EQ(content_type(media_of(Kind::ApplicationJson)), "application/json; charset=utf-8");
    EXPECT_EQ(content_type(media_of(Kind::TextCsv)), "text/csv; charset=utf-8");
    EXPECT_EQ(content_type(decode_media_type("application/vnd.pgrst.object+json;nulls=stripped")),
              "application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8");
    EXPECT_EQ(content_type(media_of(Kind::OctetStream)), "application/octet-stream");
}

TEST(ParseAccept, MissingHeaderIsAnything) {
    EXPECT_EQ(mimes(parse_accept(nullptr)), std::vector<std::string>{"*/*"});
}

TEST(ParseAccept, EmptyHeaderAcceptsNothing) {
    EXPECT_TRUE(accept("").empty());
}

TEST(ParseAccept, QualityThenSpecificityThenSentOrder) {
    EXPECT_EQ(accept("text/csv;q=0.5, application/json"),
              (std::vector<std::string>{"application/json", "text/csv"}));
    EXPECT_EQ(accept("*/*, text/csv"), (std::vector<std::string>{"text/csv", "*/*"}));
    EXPECT_EQ(accept("text/csv, application/json"),
              (std::vector<std::string>{"text/csv", "application/json"}));
    EXPECT_EQ(accept("application/json, application/vnd.pgrst.object+json;nulls=stripped"),
              (std::vector<std::string>{"application/vnd.pgrst.object+json;nulls=stripped",
                                        "application/json"}));
    EXPECT_EQ(accept("a/b;q=0.1, c/d;q=0.9, e/f;q=0.5"),
              (std::vector<std::string>{"c/d", "e/f", "a/b"}));
}

TEST(ParseAccept, SpacesAreRemovedAndZeroQualityStillCounts) {
    EXPECT_EQ(accept(" text/csv ; q=0 , application/ json"),
              (std::vector<std::string>{"application/json", "text/csv"}));
}

TEST(ParseAccept, OddQualityValuesReadLikeHaskell) {
    // No number: 1; a number prefix: that number.
    EXPECT_EQ(accept("a/a;q=.5, b/b;q=0.5x"), (std::vector<std::string>{"a/a", "b/b"}));
    EXPECT_EQ(accept("a/a;q=-1, b/b;q=1e-3"), (std::vector<std::string>{"b/b", "a/a"}));
    EXPECT_EQ(accept("a/a;q=0.2;level=1, b/b;q=0.3"), (std::vector<std::string>{"b/b", "a/a"}));
}

TEST(ParseAccept, EmptyItemsMeanAnything) {
    EXPECT_EQ(accept("text/html,"), (std::vector<std::string>{"text/html", "*/*"}));
}

TEST(ParseAccept, ParametersAfterQualityAreDropped) {
    const std::string header = "application/vnd.pgrst.object+json;q=0.5;nulls=stripped";
    const std::vector<MediaType> types = parse_accept(&header);
    ASSERT_EQ(types.size(), 1u);
    EXPECT_EQ(types[0].kind, Kind::VndSingularJson);
    EXPECT_FALSE(types[0].strip_nulls);
}

}  // namespace
}  // namespace pg_resty

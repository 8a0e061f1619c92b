#include "api/select_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

TEST(SelectParser, Star) {
    const auto items = parse_select("*");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_TRUE(items[0].star);
    EXPECT_EQ(items[0].column, "");
}

TEST(SelectParser, ColumnsInOrder) {
    const auto items = parse_select("id,name,created_at");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_FALSE(items[0].star);
    EXPECT_EQ(items[0].column, "id");
    EXPECT_EQ(items[1].column, "name");
    EXPECT_EQ(items[2].column, "created_at");
    for (const SelectItem& item : items) {
        EXPECT_EQ(item.alias, "");
        EXPECT_EQ(item.cast, "");
    }
}

TEST(SelectParser, StarMixedWithColumns) {
    const auto items = parse_select("*,id");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_TRUE(items[0].star);
    EXPECT_FALSE(items[1].star);
    EXPECT_EQ(items[1].column, "id");
}

TEST(SelectParser, SpacesAroundItemsAreIgnored) {
    const auto items = parse_select("  id ,  name  ");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].column, "id");
    EXPECT_EQ(items[1].column, "name");
}

TEST(SelectParser, SpacesInsideANameAreKept) {
    const auto items = parse_select("fun column");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].column, "fun column");
}

TEST(SelectParser, DashedNames) {
    const auto items = parse_select("nic-hdl,a-b-c");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].column, "nic-hdl");
    EXPECT_EQ(items[1].column, "a-b-c");
}

TEST(SelectParser, Alias) {
    const auto items = parse_select("ident:id,name");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].alias, "ident");
    EXPECT_EQ(items[0].column, "id");
    EXPECT_EQ(items[1].alias, "");
}

TEST(SelectParser, CastIsNormalised) {
    const auto items = parse_select("id::text,price::integer,flag::BOOLEAN");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].column, "id");
    EXPECT_EQ(items[0].cast, "text");
    EXPECT_EQ(items[1].cast, "int4");
    EXPECT_EQ(items[2].cast, "bool");
}

TEST(SelectParser, AliasAndCast) {
    const auto items = parse_select("total:amount::numeric");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].alias, "total");
    EXPECT_EQ(items[0].column, "amount");
    EXPECT_EQ(items[0].cast, "numeric");
}

TEST(SelectParser, MultiWordCast) {
    const auto items = parse_select("t::timestamp with time zone,d::double  precision");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].cast, "timestamptz");
    EXPECT_EQ(items[1].cast, "float8");
}

TEST(SelectParser, QuotedNamesMayContainReservedCharacters) {
    const auto items = parse_select(R"("information.cpe","a,b":"x:y","q\"uote")");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].column, "information.cpe");
    EXPECT_EQ(items[1].alias, "a,b");
    EXPECT_EQ(items[1].column, "x:y");
    EXPECT_EQ(items[2].column, "q\"uote");
}

TEST(SelectParser, QuotedNameKeepsItsSpaces) {
    const auto items = parse_select(R"(" padded ")");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].column, " padded ");
}

// --- errors ---------------------------------------------------------------------------------

TEST(SelectParserErrors, EmptySelectIsAParseError) {
    const ApiError e = catch_api_error([] { parse_select(""); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter ()\" (line 1, column 1)");
    EXPECT_EQ(e.details, "expecting field name (* or [a..z0..9_$])");
    EXPECT_EQ(e.hint, std::nullopt);
}

TEST(SelectParserErrors, TrailingComma) {
    const ApiError e = catch_api_error([] { parse_select("id,"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (id,)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "expecting field name (* or [a..z0..9_$])");
}

TEST(SelectParserErrors, UnexpectedCharacter) {
    const ApiError e = catch_api_error([] { parse_select("id;name"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (id;name)\" (line 1, column 3)");
    EXPECT_EQ(e.details, "unexpected \";\" expecting \",\" or end of input");
}

TEST(SelectParserErrors, StarCannotHaveACast) {
    const ApiError e = catch_api_error([] { parse_select("*::text"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (*::text)\" (line 1, column 2)");
}

TEST(SelectParserErrors, EmptyCast) {
    const ApiError e = catch_api_error([] { parse_select("name::"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (name::)\" (line 1, column 7)");
    EXPECT_EQ(e.details, "unexpected end of input expecting letter or digit");
}

TEST(SelectParserErrors, InvalidCastType) {
    const ApiError e = catch_api_error([] { parse_select("id::1int"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "invalid cast type");
    const ApiError e2 = catch_api_error([] { parse_select("id::no$dollar"); });
    EXPECT_EQ(e2.details, "invalid cast type");
}

TEST(SelectParserErrors, UnterminatedQuote) {
    const ApiError e = catch_api_error([] { parse_select("\"abc"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "expecting field name (* or [a..z0..9_$])");
}

TEST(SelectParserErrors, MessageEscapesQuotesOfTheInput) {
    // The source name is shown the way Haskell's `show` prints it.
    const ApiError e = catch_api_error([] { parse_select("\"a\\\"b\";"); });
    EXPECT_EQ(e.message,
              "\"failed to parse select parameter (\\\"a\\\\\\\"b\\\";)\" (line 1, column 7)");
}

TEST(SelectParserErrors, MissingColumnAfterAlias) {
    const ApiError e = catch_api_error([] { parse_select("alias:"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (alias:)\" (line 1, column 7)");
}

TEST(SelectParserErrors, TooManyItems) {
    std::string text = "a";
    for (int i = 0; i < 1000; ++i) {
        text += ",a";
    }
    const ApiError e = catch_api_error([&] { parse_select(text); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "too many items in select (at most 1000)");
    // 1000 items are still fine.
    EXPECT_EQ(parse_select(text.substr(2)).size(), 1000u);
}

// --- features not served yet answer PGRST127 --------------------------------------------------

TEST(SelectParserEmbedding, ParsesNestedResourcesWithAliasHintAndJoin) {
    const auto items = parse_select("id,writer:authors!books_author_fk!inner(name,books(title))");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_FALSE(items[0].embed);
    const SelectItem& embed = items[1];
    EXPECT_TRUE(embed.embed);
    EXPECT_FALSE(embed.spread);
    EXPECT_EQ(embed.column, "authors");
    EXPECT_EQ(embed.alias, "writer");
    EXPECT_EQ(embed.hint, "books_author_fk");
    EXPECT_EQ(embed.join, JoinType::Inner);
    ASSERT_EQ(embed.children.size(), 2u);
    EXPECT_EQ(embed.children[0].column, "name");
    EXPECT_TRUE(embed.children[1].embed);
    ASSERT_EQ(embed.children[1].children.size(), 1u);
    EXPECT_EQ(embed.children[1].children[0].column, "title");
}

TEST(SelectParserEmbedding, JoinTypeAloneAndSpreadAndEmpty) {
    const auto items = parse_select("clients!left(*),...owner(name),tags()");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].join, JoinType::Left);
    EXPECT_TRUE(items[0].hint.empty());
    EXPECT_TRUE(items[0].children[0].star);
    EXPECT_TRUE(items[1].spread);
    EXPECT_EQ(items[1].column, "owner");
    EXPECT_TRUE(items[2].embed);
    EXPECT_TRUE(items[2].children.empty());
}

TEST(SelectParserEmbedding, UnclosedOrMalformedEmbedsAre400) {
    for (const char* text : {"clients(id", "clients!(id)", "...clients", "a(b(c)", "a(b))"}) {
        const ApiError e = catch_api_error([&] { parse_select(text); });
        EXPECT_EQ(e.status, 400) << text;
        EXPECT_EQ(e.code, "PGRST100") << text;
    }
}

TEST(SelectParserEmbedding, DeepNestingIsABoundedError) {
    std::string text;
    for (int i = 0; i < 5000; ++i) {
        text += "a(";
    }
    text += "b";
    for (int i = 0; i < 5000; ++i) {
        text += ")";
    }
    const ApiError e = catch_api_error([&] { parse_select(text); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_NE(e.details->find("nested too deeply"), std::string::npos);
}

TEST(SelectParserNotImplemented, JsonPath) {
    const ApiError e = catch_api_error([] { parse_select("data->>key"); });
    EXPECT_EQ(e.code, "PGRST127");
    EXPECT_EQ(e.details, "JSON paths in select are not supported yet");
}

// --- normalize_cast_type ----------------------------------------------------------------------

TEST(NormalizeCastType, SqlSpellingsMapToCatalogNames) {
    EXPECT_EQ(normalize_cast_type("integer"), "int4");
    EXPECT_EQ(normalize_cast_type("INT"), "int4");
    EXPECT_EQ(normalize_cast_type("bigint"), "int8");
    EXPECT_EQ(normalize_cast_type("character  varying"), "varchar");
    EXPECT_EQ(normalize_cast_type(" time without time zone "), "time");
    EXPECT_EQ(normalize_cast_type("char"), "bpchar");
}

TEST(NormalizeCastType, PlainIdentifiersAreLowerCased) {
    EXPECT_EQ(normalize_cast_type("Text"), "text");
    EXPECT_EQ(normalize_cast_type("jsonb"), "jsonb");
    EXPECT_EQ(normalize_cast_type("my_type2"), "my_type2");
}

TEST(NormalizeCastType, RejectsUnsafeOrUnknownShapes) {
    EXPECT_EQ(normalize_cast_type(""), "");
    EXPECT_EQ(normalize_cast_type("   "), "");
    EXPECT_EQ(normalize_cast_type("2int"), "");
    EXPECT_EQ(normalize_cast_type("text[]"), "");
    EXPECT_EQ(normalize_cast_type("int); drop table x; --"), "");
    EXPECT_EQ(normalize_cast_type("foo bar"), "");  // multi-word names that are no known alias
    EXPECT_EQ(normalize_cast_type("\"text\""), "");
    EXPECT_EQ(normalize_cast_type(std::string(64, 'a')), "");
    EXPECT_EQ(normalize_cast_type(std::string(63, 'a')), std::string(63, 'a'));
}

}  // namespace
}  // namespace pg_resty

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

// PostgREST's select grammar is `pFieldTree `sepBy` ','` with no end-of-input check: an empty
// select, or one whose first item fails without consuming input, is the empty list, which
// its query builder reads as "*".
TEST(SelectParser, EmptyOrUnparsableFirstItemSelectsEverything) {
    for (const char* text : {"", "*::text", "*!hint", ";"}) {
        const auto items = parse_select(text);
        ASSERT_EQ(items.size(), 1u) << text;
        EXPECT_TRUE(items[0].star) << text;
    }
}

TEST(SelectParser, TextAfterACompleteItemIsIgnored) {
    // The item ends at ')' (the end of a nested select), and nothing checks what follows.
    const auto items = parse_select("id)garbage");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].column, "id");
}

TEST(SelectParserErrors, TrailingComma) {
    const ApiError e = catch_api_error([] { parse_select("id,"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (id,)\" (line 1, column 4)");
    EXPECT_EQ(e.details,
              "unexpected end of input expecting \"...\", field name (* or [a..z0..9_$]), \"*\" "
              "or \"count()\"");
    EXPECT_EQ(e.hint, std::nullopt);
}

TEST(SelectParserErrors, UnexpectedCharacter) {
    const ApiError e = catch_api_error([] { parse_select("id;name"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (id;name)\" (line 1, column 3)");
    EXPECT_EQ(e.details,
              "unexpected ';' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", "
              "\")\", \",\" or end of input");
}

// PostgREST's doctests of pFieldForest, pFieldSelect and pJsonPath.
TEST(SelectParserErrors, PostgrestDoctests) {
    struct Case {
        const char* text;
        int column;
        const char* details;
    };
    for (const Case& c : {
             Case{"id,clients(name[])", 16,
                  "unexpected '[' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", "
                  "\".\", \")\", \",\" or end of input"},
             Case{"data->>-78xy", 11,
                  "unexpected 'x' expecting digit, \"->\", \"::\", \".\", \",\" or end of input"},
             Case{"name!hint", 5,
                  "unexpected '!' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", "
                  "\".\", \")\", \",\" or end of input"},
             Case{"name::", 7, "unexpected end of input expecting letter or digit"},
             Case{"data->>--34", 9, "unexpected \"-\" expecting digit"},
             Case{"data->(!@#$%^&*_d->>!@#$%^&*_e::integer", 7,
                  "unexpected \"(\" expecting \"-\", digit or any non reserved character "
                  "different from: .,>()"},
         }) {
        const ApiError e = catch_api_error([&] { parse_select(c.text); });
        EXPECT_EQ(e.code, "PGRST100") << c.text;
        EXPECT_EQ(e.message, std::string("\"failed to parse select parameter (") + c.text +
                                 ")\" (line 1, column " + std::to_string(c.column) + ")")
            << c.text;
        EXPECT_EQ(e.details, c.details) << c.text;
    }
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
    EXPECT_EQ(e.message, "\"failed to parse select parameter (\"abc)\" (line 1, column 5)");
    EXPECT_EQ(e.details, "unexpected end of input expecting \"\\\\\" or \"\\\"\"");
}

TEST(SelectParserErrors, MessageShowsTheInputVerbatim) {
    // Parsec's `show` of a SourcePos does not escape the source name.
    const ApiError e = catch_api_error([] { parse_select("\"a\\\"b\";"); });
    EXPECT_EQ(e.message, "\"failed to parse select parameter (\"a\\\"b\";)\" (line 1, column 7)");
}

TEST(SelectParserErrors, MissingColumnAfterAlias) {
    const ApiError e = catch_api_error([] { parse_select("alias:"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse select parameter (alias:)\" (line 1, column 7)");
    // notFollowedBy (char ':') leaves its expectation behind, as in Parsec.
    EXPECT_EQ(e.details,
              "unexpected end of input expecting \":\" or field name (* or [a..z0..9_$])");
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

// --- embedded resources ------------------------------------------------------------------------

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

TEST(SelectParserEmbedding, MalformedNestedSelectIsAParseError) {
    const ApiError bad = catch_api_error([] { parse_select("id,a(b;)"); });
    EXPECT_EQ(bad.code, "PGRST100");
    EXPECT_EQ(bad.message, "\"failed to parse select parameter (id,a(b;))\" (line 1, column 7)");
    for (const char* text : {"clients(id", "a(b(c)"}) {
        EXPECT_EQ(catch_api_error([&] { parse_select(text); }).code, "PGRST100") << text;
    }
}

// Aggregates are disabled by default in PostgREST (db-aggregates-enabled = false).
TEST(SelectParserErrors, AggregatesAreNotAllowed) {
    for (const char* text : {"count()", "total:count()::int", "amount.sum()", "a,b.avg()::text",
                             "x.max()", "x.min()"}) {
        const ApiError e = catch_api_error([&] { parse_select(text); });
        EXPECT_EQ(e.status, 400) << text;
        EXPECT_EQ(e.code, "PGRST123") << text;
        EXPECT_EQ(e.message, "Use of aggregate functions is not allowed") << text;
    }
    // A column called count is just a column.
    const auto items = parse_select("count,x:count");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].column, "count");
    EXPECT_EQ(items[1].alias, "x");
}

TEST(SelectParser, JsonPaths) {
    const auto items = parse_select("data->>name,data->0->a->>2,x:data->b::int,n->-1");
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[0].column, "data");
    ASSERT_EQ(items[0].json_path.size(), 1u);
    EXPECT_TRUE(items[0].json_path[0].as_text);
    EXPECT_FALSE(items[0].json_path[0].index);
    EXPECT_EQ(items[0].json_path[0].key, "name");

    ASSERT_EQ(items[1].json_path.size(), 3u);
    EXPECT_TRUE(items[1].json_path[0].index);
    EXPECT_FALSE(items[1].json_path[0].as_text);
    EXPECT_EQ(items[1].json_path[0].key, "0");
    EXPECT_EQ(items[1].json_path[1].key, "a");
    EXPECT_TRUE(items[1].json_path[2].as_text);
    EXPECT_TRUE(items[1].json_path[2].index);

    EXPECT_EQ(items[2].alias, "x");
    EXPECT_EQ(items[2].cast, "int4");
    ASSERT_EQ(items[2].json_path.size(), 1u);

    ASSERT_EQ(items[3].json_path.size(), 1u);
    EXPECT_TRUE(items[3].json_path[0].index);
    EXPECT_EQ(items[3].json_path[0].key, "-1");
}

// PostgREST's JsonOperatorSpec: only well-formed numbers are indexes; keys may hold any
// character but the reserved ones, and may be quoted.
TEST(SelectParser, JsonKeysAndIndexes) {
    const auto items =
        parse_select("data->0->0xy1->1->23-xy-45->1->xy-6->>0,d->!@#$%^&*_e,d->\"a.b\"");
    ASSERT_EQ(items.size(), 3u);
    const JsonPath& p = items[0].json_path;
    ASSERT_EQ(p.size(), 7u);
    EXPECT_TRUE(p[0].index);
    EXPECT_FALSE(p[1].index);
    EXPECT_EQ(p[1].key, "0xy1");
    EXPECT_TRUE(p[2].index);
    EXPECT_FALSE(p[3].index);
    EXPECT_EQ(p[3].key, "23-xy-45");
    EXPECT_EQ(p[5].key, "xy-6");
    EXPECT_TRUE(p[6].index);
    EXPECT_EQ(items[1].json_path[0].key, "!@#$%^&*_e");
    EXPECT_EQ(items[2].json_path[0].key, "a.b");
}

TEST(SelectParserErrors, NestingIsBounded) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
        text += "a(";
    }
    text += "*";
    text += std::string(40, ')');
    const ApiError e = catch_api_error([&] { parse_select(text); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "embedded resources nest at most 32 levels deep");
    // 32 levels still parse.
    std::string ok;
    for (int i = 0; i < 32; ++i) {
        ok += "a(";
    }
    ok += "*" + std::string(32, ')');
    EXPECT_EQ(parse_select(ok).size(), 1u);
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

#include "query/sql_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/statement.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

TEST(QuoteIdent, AlwaysQuotes) {
    EXPECT_EQ(quote_ident("id"), "\"id\"");
    EXPECT_EQ(quote_ident(""), "\"\"");
    EXPECT_EQ(quote_ident("Mixed Case"), "\"Mixed Case\"");
}

TEST(QuoteIdent, DoublesEmbeddedQuotes) {
    EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_ident("\"; DROP TABLE x; --"), "\"\"\"; DROP TABLE x; --\"");
}

TEST(QuoteIdent, OtherCharactersArePassedThrough) {
    EXPECT_EQ(quote_ident("a'b\\c.d"), "\"a'b\\c.d\"");
    EXPECT_EQ(quote_ident("\xD9\x85"), "\"\xD9\x85\"");
}

TEST(QuoteIdent, NulByteIsRejected) {
    const ApiError e = catch_api_error([] { quote_ident(std::string("a\0b", 3)); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "22021");
    EXPECT_EQ(e.message, "invalid byte sequence for encoding \"UTF8\": 0x00");
}

TEST(QualifiedName, QuotesBothParts) {
    EXPECT_EQ(qualified_name("public", "items"), "\"public\".\"items\"");
    EXPECT_EQ(qualified_name("my\"schema", "a.b"), "\"my\"\"schema\".\"a.b\"");
}

TEST(ArrayLiteral, QuotesEveryElement) {
    EXPECT_EQ(array_literal({"1", "2"}), "{\"1\",\"2\"}");
    EXPECT_EQ(array_literal({}), "{}");
    EXPECT_EQ(array_literal({""}), "{\"\"}");
}

TEST(ArrayLiteral, EscapesQuotesAndBackslashesOnly) {
    EXPECT_EQ(array_literal({"a\"b", "c\\d", "e,f", "{g}", "NULL", " h "}),
              R"({"a\"b","c\\d","e,f","{g}","NULL"," h "})");
}

TEST(Statement, BindNumbersParametersFromOne) {
    Statement stmt;
    EXPECT_EQ(stmt.bind(kInt8Oid, "5"), "$1");
    EXPECT_EQ(stmt.bind(kTextOid, "x"), "$2");
    ASSERT_EQ(stmt.params.size(), 2u);
    EXPECT_EQ(stmt.params[0].type, 20u);
    EXPECT_EQ(stmt.params[0].value, "5");
    EXPECT_EQ(stmt.params[1].type, 25u);
    EXPECT_EQ(stmt.params[1].value, "x");
}

TEST(Statement, ManyParameters) {
    Statement stmt;
    std::string last;
    for (int i = 0; i < 12; ++i) {
        last = stmt.bind(kTextOid, std::to_string(i));
    }
    EXPECT_EQ(last, "$12");
    EXPECT_EQ(stmt.params.size(), 12u);
}

TEST(Statement, BuiltInOids) {
    // Fixed in PostgreSQL's pg_type.dat.
    EXPECT_EQ(kInt8Oid, 20u);
    EXPECT_EQ(kTextOid, 25u);
    EXPECT_EQ(kTextArrayOid, 1009u);
    EXPECT_EQ(SqlParam{}.type, kTextOid);
}

}  // namespace
}  // namespace pg_resty

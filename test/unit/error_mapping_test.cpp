#include "response/error_mapping.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

struct StatusCase {
    const char* sqlstate;
    int status;
};

// Readable parameter values in test names and failure messages.
void PrintTo(const StatusCase& c, std::ostream* os) {
    *os << c.sqlstate << "->" << c.status;
}

std::string status_case_name(const ::testing::TestParamInfo<StatusCase>& info) {
    return std::string("sqlstate_") + info.param.sqlstate;
}

class SqlstateStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(SqlstateStatus, MapsLikePostgrest) {
    const StatusCase& c = GetParam();
    // None of these depend on the message or on authentication.
    EXPECT_EQ(http_status_for_sqlstate(c.sqlstate, "some message", false), c.status);
    EXPECT_EQ(http_status_for_sqlstate(c.sqlstate, "some message", true), c.status);
}

INSTANTIATE_TEST_SUITE_P(
    PostgrestTable, SqlstateStatus,
    ::testing::Values(StatusCase{"08000", 503},  // connection exception
                      StatusCase{"08006", 503},
                      StatusCase{"09000", 500},  // triggered action exception
                      StatusCase{"0L000", 403},  // invalid grantor
                      StatusCase{"0P000", 403},  // invalid role specification
                      StatusCase{"23503", 409},  // foreign_key_violation
                      StatusCase{"23505", 409},  // unique_violation
                      StatusCase{"23502", 400},  // not_null_violation: generic
                      StatusCase{"23514", 400},  // check_violation: generic
                      StatusCase{"25006", 405},  // read_only_sql_transaction
                      StatusCase{"25001", 500},  // other invalid transaction state
                      StatusCase{"28000", 403},  // invalid authorization specification
                      StatusCase{"28P01", 403},
                      StatusCase{"2D000", 500},  // invalid transaction termination
                      StatusCase{"38000", 500},  // external routine exception
                      StatusCase{"39000", 500},  // external routine invocation
                      StatusCase{"3B000", 500},  // savepoint exception
                      StatusCase{"40001", 500},  // serialization failure
                      StatusCase{"40P01", 500},  // deadlock
                      StatusCase{"53400", 500},  // configuration limit exceeded
                      StatusCase{"53100", 503},  // disk full
                      StatusCase{"53200", 503},  // out of memory
                      StatusCase{"54000", 500},  // program limit exceeded
                      StatusCase{"55P03", 500},  // lock not available
                      StatusCase{"57014", 500},  // query_canceled (statement timeout)
                      StatusCase{"57P01", 503},  // admin shutdown
                      StatusCase{"58030", 500},  // io error
                      StatusCase{"F0000", 500},  // config file error
                      StatusCase{"HV000", 500},  // FDW error
                      StatusCase{"P0001", 400},  // RAISE EXCEPTION default
                      StatusCase{"P0002", 500},  // no_data_found
                      StatusCase{"P0004", 500},  // assert_failure
                      StatusCase{"XX000", 500},  // internal error
                      StatusCase{"42P01", 404},  // undefined_table
                      StatusCase{"42P17", 500},  // infinite recursion
                      StatusCase{"42703", 400},  // undefined_column: generic
                      StatusCase{"42601", 400},  // syntax error: generic
                      StatusCase{"22P02", 400},  // invalid_text_representation
                      StatusCase{"22012", 400},  // division_by_zero
                      StatusCase{"2201X", 400},  // invalid row count in result offset clause
                      StatusCase{"22021", 400}   // character_not_in_repertoire
                      ),
    status_case_name);

TEST(SqlstateStatusRules, InsufficientPrivilegeDependsOnAuthentication) {
    EXPECT_EQ(http_status_for_sqlstate("42501", "permission denied for table items", false), 401);
    EXPECT_EQ(http_status_for_sqlstate("42501", "permission denied for table items", true), 403);
}

TEST(SqlstateStatusRules, UndefinedFunctionIs404ExceptXmlagg) {
    EXPECT_EQ(http_status_for_sqlstate("42883", "function f(integer) does not exist", false), 404);
    EXPECT_EQ(http_status_for_sqlstate("42883", "function xmlagg(json) does not exist", false),
              406);
    // Only a prefix match counts.
    EXPECT_EQ(http_status_for_sqlstate("42883", "the function xmlagg( ...", false), 404);
}

TEST(SqlstateStatusRules, CardinalityViolationFromSafeupdateIs400) {
    EXPECT_EQ(http_status_for_sqlstate("21000", "DELETE requires a WHERE clause", false), 400);
    EXPECT_EQ(http_status_for_sqlstate(
                  "21000", "more than one row returned by a subquery used as an expression", false),
              500);
}

TEST(SqlstateStatusRules, UnknownRoleIs401OtherInvalidParameterIs400) {
    EXPECT_EQ(http_status_for_sqlstate("22023", "role \"nobody\" does not exist", false), 401);
    EXPECT_EQ(http_status_for_sqlstate("22023", "invalid value for parameter", false), 400);
    EXPECT_EQ(http_status_for_sqlstate("22023", "role is fine", false), 400);
}

TEST(SqlstateStatusRules, PtCodesCarryTheirOwnStatus) {
    EXPECT_EQ(http_status_for_sqlstate("PT404", "m", false), 404);
    EXPECT_EQ(http_status_for_sqlstate("PT402", "m", true), 402);
    EXPECT_EQ(http_status_for_sqlstate("PT100", "m", false), 100);
    EXPECT_EQ(http_status_for_sqlstate("PT599", "m", false), 599);
    // Not a status in 100..599: 500.
    EXPECT_EQ(http_status_for_sqlstate("PT600", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("PT099", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("PTabc", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("PT4x4", "m", false), 500);
}

TEST(SqlstateStatusRules, MalformedSqlstateIs500) {
    EXPECT_EQ(http_status_for_sqlstate("", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("2350", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("235050", "m", false), 500);
    EXPECT_EQ(http_status_for_sqlstate("PT40", "m", false), 500);
}

// --- api_error_from_pg
// ----------------------------------------------------------------------------

TEST(ApiErrorFromPg, KeepsCodeMessageDetailsAndHint) {
    const PgError pg("23505", "duplicate key value violates unique constraint \"items_pkey\"",
                     "Key (id)=(1) already exists.", "some hint");
    const ApiError e = api_error_from_pg(pg, false);
    EXPECT_EQ(e.status, 409);
    EXPECT_EQ(e.code, "23505");
    EXPECT_EQ(e.message, pg.message);
    EXPECT_EQ(e.details, "Key (id)=(1) already exists.");
    EXPECT_EQ(e.hint, "some hint");
    EXPECT_TRUE(e.headers.empty());
    EXPECT_EQ(e.to_json(),
              R"({"code":"23505","details":"Key (id)=(1) already exists.","hint":"some hint",)"
              R"("message":"duplicate key value violates unique constraint \"items_pkey\""})");
}

TEST(ApiErrorFromPg, MissingDetailAndHintStayNull) {
    const ApiError e = api_error_from_pg(PgError("P0001", "custom failure"), false);
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.details, std::nullopt);
    EXPECT_EQ(e.hint, std::nullopt);
    EXPECT_EQ(e.to_json(),
              R"({"code":"P0001","details":null,"hint":null,"message":"custom failure"})");
}

TEST(ApiErrorFromPg, UnauthenticatedPermissionErrorAsksForBearer) {
    const ApiError e = api_error_from_pg(PgError("42501", "permission denied"), false);
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(test::header_value(e.headers, "WWW-Authenticate"), "Bearer");
}

TEST(ApiErrorFromPg, AuthenticatedPermissionErrorIs403WithoutChallenge) {
    const ApiError e = api_error_from_pg(PgError("42501", "permission denied"), true);
    EXPECT_EQ(e.status, 403);
    EXPECT_TRUE(e.headers.empty());
}

TEST(ApiErrorFromPg, AnyOther401AlsoGetsTheChallenge) {
    const ApiError e = api_error_from_pg(PgError("PT401", "login first"), true);
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(test::header_value(e.headers, "WWW-Authenticate"), "Bearer");
}

TEST(PgErrorType, WhatIsTheMessage) {
    const PgError e("XX000", "internal");
    EXPECT_STREQ(e.what(), "internal");
    EXPECT_EQ(e.sqlstate, "XX000");
}

}  // namespace
}  // namespace pg_resty

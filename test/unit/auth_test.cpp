#include "auth/auth.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using test::header_value;

Request with_authorization(std::string value) {
    Request r;
    r.method = "GET";
    r.headers.push_back(Header{"authorization", std::move(value)});
    return r;
}

Settings anon(std::string role) {
    Settings s;
    s.anon_role = std::move(role);
    return s;
}

TEST(Auth, NoAnonRoleIs401WithBearerChallenge) {
    const ApiError e = catch_api_error([] { authenticate(Request{}, Settings{}); });
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.code, "PGRST302");
    EXPECT_EQ(e.message, "Anonymous access is disabled");
    EXPECT_EQ(e.details, std::nullopt);
    ASSERT_EQ(e.headers.size(), 1u);
    EXPECT_EQ(e.headers[0].name, "WWW-Authenticate");
    EXPECT_EQ(e.headers[0].value, "Bearer");
}

TEST(Auth, AnonRoleRunsAsThatRole) {
    const AuthResult r = authenticate(Request{}, anon("web_anon"));
    EXPECT_EQ(r.role, "web_anon");
    EXPECT_EQ(r.claims_json, R"({"role":"web_anon"})");
    EXPECT_FALSE(r.authenticated);
}

TEST(Auth, AnonRoleNameIsJsonEscapedInClaims) {
    const AuthResult r = authenticate(Request{}, anon("we\"ird\\role"));
    EXPECT_EQ(r.role, "we\"ird\\role");
    EXPECT_EQ(r.claims_json, R"({"role":"we\"ird\\role"})");
}

TEST(Auth, EmptyBearerTokenIsPGRST301) {
    for (const char* value : {"Bearer", "Bearer ", "bearer   ", "  BEARER\t"}) {
        const ApiError e =
            catch_api_error([&] { authenticate(with_authorization(value), anon("a")); });
        EXPECT_EQ(e.status, 401) << value;
        EXPECT_EQ(e.code, "PGRST301") << value;
        EXPECT_EQ(e.message, "Empty JWT is sent in Authorization header") << value;
        EXPECT_EQ(header_value(e.headers, "WWW-Authenticate"),
                  "Bearer error=\"invalid_token\", error_description=\"Empty JWT is sent in "
                  "Authorization header\"")
            << value;
    }
}

TEST(Auth, EmptyBearerIsRejectedEvenWithoutAnonRole) {
    const ApiError e = catch_api_error([] { authenticate(with_authorization("Bearer "), {}); });
    EXPECT_EQ(e.code, "PGRST301");
}

TEST(Auth, AnyBearerTokenNeedsTheJwtSecret) {
    // Until JWT verification exists, no token can be accepted.
    const ApiError e =
        catch_api_error([] { authenticate(with_authorization("Bearer abc.def.ghi"), anon("a")); });
    EXPECT_EQ(e.status, 500);
    EXPECT_EQ(e.code, "PGRST300");
    EXPECT_EQ(e.message, "Server lacks JWT secret");
}

TEST(Auth, OtherAuthorizationSchemesFallBackToAnonymous) {
    const AuthResult r = authenticate(with_authorization("Basic dXNlcjpwYXNz"), anon("web_anon"));
    EXPECT_EQ(r.role, "web_anon");
    EXPECT_FALSE(r.authenticated);
}

TEST(Auth, OnlyTheLowerCaseHeaderNameIsConsulted) {
    // The HTTP layer lower-cases header names; anything else is not the Authorization header.
    Request r;
    r.headers.push_back(Header{"Authorization", "Bearer "});
    EXPECT_EQ(authenticate(r, anon("a")).role, "a");
}

}  // namespace
}  // namespace pg_resty

// The Lua hooks engine with a fake host: no PostgreSQL, real LuaJIT.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "common/base64.hpp"
#include "hooks/hooks.hpp"
#include "hooks/query_args.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

class FakeHost : public HookHost {
  public:
    void log(HookLogLevel, const std::string& text) noexcept override { lines.push_back(text); }
    HookQueryResult query(const std::string& sql,
                          const std::vector<std::optional<std::string>>& params) override {
        if (sql == "fail") {
            throw std::runtime_error("permission denied for table secrets");
        }
        HookQueryResult result;
        result.columns = {"sql", "n", "ok", "nothing"};
        result.kinds = {HookQueryResult::Kind::kString, HookQueryResult::Kind::kNumber,
                        HookQueryResult::Kind::kBoolean, HookQueryResult::Kind::kString};
        result.rows.push_back(
            Row{sql, std::to_string(params.size()), std::string("t"), std::nullopt});
        return result;
    }
    std::string shipped_lua_dir() const override { return PG_RESTY_SOURCE_DIR "/lua"; }

    std::vector<std::string> lines;
};

// A hooks file in a temporary folder, removed with the fixture.
class HooksTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/pg_resty_hooks_test.XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        for (const std::string& file : files_) {
            std::remove(file.c_str());
        }
        rmdir(dir_.c_str());
    }
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = dir_ + "/" + name;
        std::ofstream(path) << text;
        files_.push_back(path);
        return path;
    }
    bool load(const std::string& text) { return hooks_.load(write("hooks.lua", text)); }

    static Request get(const std::string& target) {
        Request request;
        request.method = "GET";
        request.target = target;
        split_request_target(target, request.path, request.query);
        request.headers = {{"host", "localhost"}, {"cookie", "a=1; session=abc"}};
        request.client_address = "127.0.0.1";
        return request;
    }

    FakeHost host_;
    Hooks hooks_{host_};
    std::string dir_;
    std::vector<std::string> files_;
};

TEST(HookArgs, UnchangedQueryStaysByteForByte) {
    const std::string query = "select=id,name&id=in.(1,2)&b=%20x";
    EXPECT_EQ(encode_query(query, group_args(parse_query_string(query))), query);
}

TEST(HookArgs, ChangedQueryKeepsOrderAndEncodes) {
    ArgMap args = group_args(parse_query_string("z=1&a=2"));
    args["z"] = {"eq.a b&c"};
    args["new"] = {"x"};
    EXPECT_EQ(encode_query("z=1&a=2", args), "z=eq.a%20b%26c&a=2&new=x");
    args.erase("a");
    EXPECT_EQ(encode_query("z=1&a=2", args), "z=eq.a%20b%26c&new=x");
}

TEST(HookBase64, RoundTrips) {
    EXPECT_EQ(encode_base64("hello"), "aGVsbG8=");
    EXPECT_EQ(encode_base64(""), "");
    EXPECT_EQ(decode_base64("aGVsbG8=").value(), "hello");
    EXPECT_EQ(decode_base64("aGVsbG8").value(), "hello");
    EXPECT_FALSE(decode_base64("a$==").has_value());
}

TEST_F(HooksTest, NoFileMeansPassThrough) {
    EXPECT_TRUE(hooks_.load(""));
    EXPECT_FALSE(hooks_.active());
    Request request = get("/items");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
}

TEST_F(HooksTest, StarterKitStyleRewritesArgsAndHeaders) {
    ASSERT_TRUE(load(R"(
        local function on_rest_request()
          local args = ngx.req.get_uri_args()
          args.id = "eq." .. ngx.var.cookie_a
          ngx.req.set_uri_args(args)
          ngx.req.set_header("Authorization", "Bearer " .. ngx.var.cookie_session)
          ngx.req.clear_header("Cookie")
          ngx.ctx.seen = ngx.var.request_method .. " " .. ngx.var.uri
        end
        local function before_rest_response()
          ngx.header["X-Seen"] = ngx.ctx.seen
          ngx.status = 203
        end
        return { on_rest_request = on_rest_request, before_rest_response = before_rest_response }
    )")) << host_.lines.back();
    Request request = get("/items?select=id&id=eq.5");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.query, "select=id&id=eq.1");
    EXPECT_EQ(request.target, "/items?select=id&id=eq.1");
    EXPECT_EQ(*request.header("authorization"), "Bearer abc");
    EXPECT_EQ(request.header("cookie"), nullptr);
    Response response;
    response.add_header("Content-Type", "application/json");
    hooks_.before_rest_response(request, AuthResult{}, response);
    EXPECT_EQ(response.status, 203);
    EXPECT_EQ(test::header_value(response.headers, "X-Seen"), "GET /items");
    EXPECT_EQ(test::header_value(response.headers, "Content-Type"), "application/json");
}

TEST_F(HooksTest, NgxExitAnswersDirectly) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function()
          if ngx.var.http_x_block then
            ngx.status = ngx.HTTP_FORBIDDEN
            ngx.header["Content-Type"] = "application/json"
            ngx.say('{"message":"blocked"}')
            return ngx.exit(ngx.HTTP_OK)
          end
          if ngx.var.arg_teapot then ngx.exit(418) end
        end }
    )"));
    Request request = get("/items");
    request.headers.push_back({"x-block", "1"});
    auto answer = hooks_.on_rest_request(request);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 403);
    EXPECT_EQ(answer->body, "{\"message\":\"blocked\"}\n");
    EXPECT_EQ(test::header_value(answer->headers, "Content-Type"), "application/json");
    Request teapot = get("/items?teapot=1");
    EXPECT_EQ(hooks_.on_rest_request(teapot)->status, 418);
    Request plain = get("/items");
    EXPECT_FALSE(hooks_.on_rest_request(plain).has_value());
}

TEST_F(HooksTest, NativeStyleAndBodyRewrite) {
    ASSERT_TRUE(load(R"(
        local cjson = require "cjson"
        local utils = require "utils"
        return {
          on_rest_request = function(req)
            if req.path == "/hello" then
              return { status = 200, body = cjson.encode({ hello = req.client_address }) }
            end
            req.args.limit = "1"
            req.headers["prefer"] = "count=none"
          end,
          before_rest_response = function(req, res)
            res.headers["X-Role"] = req.role
            utils.set_body_postprocess_mode(utils.postprocess_modes.ALL)
            utils.set_body_postprocess_fn(function(body)
              local rows = cjson.decode(body)
              rows[1].extra = true
              return cjson.encode(rows)
            end)
          end,
        }
    )")) << host_.lines.back();
    Request hello = get("/hello");
    auto answer = hooks_.on_rest_request(hello);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->body, "{\"hello\":\"127.0.0.1\"}");
    EXPECT_EQ(test::header_value(answer->headers, "Content-Type"),
              "application/json; charset=utf-8");

    Request request = get("/items");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.query, "limit=1");
    EXPECT_EQ(*request.header("prefer"), "count=none");
    Response response;
    response.body = "[{\"id\":1}]";
    AuthResult auth;
    auth.role = "web_anon";
    hooks_.before_rest_response(request, auth, response);
    EXPECT_NE(response.body.find("\"extra\":true"), std::string::npos) << response.body;
    EXPECT_EQ(test::header_value(response.headers, "X-Role"), "web_anon");
}

// req.headers/args/body and res.headers/body are built on first use and read back only when
// touched: each way of touching them must still reach the request or response.
TEST_F(HooksTest, LazyFieldsUntouchedStayAsTheyWere) {
    ASSERT_TRUE(load(R"(
        return {
          on_rest_request = function(req) end,
          before_rest_response = function(req, res) end,
        }
    )"));
    Request request = get("/items?select=id,name&b=%20x");
    request.body = "{\"a\":1}";
    const Request before = request;
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.target, before.target);
    EXPECT_EQ(request.query, before.query);
    EXPECT_EQ(request.body, before.body);
    ASSERT_EQ(request.headers.size(), before.headers.size());
    Response response;
    response.status = 206;
    response.body = "[1]";
    response.add_header("Content-Range", "0-0/*");
    hooks_.before_rest_response(request, AuthResult{}, response);
    EXPECT_EQ(response.status, 206);
    EXPECT_EQ(response.body, "[1]");
    EXPECT_EQ(test::header_value(response.headers, "Content-Range"), "0-0/*");
}

TEST_F(HooksTest, LazyFieldsAssignedOrClearedWithoutReading) {
    ASSERT_TRUE(load(R"(
        return {
          on_rest_request = function(req)
            req.headers = { ["x-only"] = "1" }
            req.args = nil
            req.body = "replaced"
          end,
          before_rest_response = function(req, res)
            res.body = nil
            res.headers = { ["X-New"] = req.headers["x-only"] }
          end,
        }
    )"));
    Request request = get("/items?select=id");
    request.body = "original";
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.query, "");
    EXPECT_EQ(request.target, "/items");
    EXPECT_EQ(request.body, "replaced");
    ASSERT_EQ(request.headers.size(), 1u);
    EXPECT_EQ(*request.header("x-only"), "1");
    Response response;
    response.body = "[1]";
    response.add_header("Content-Type", "application/json");
    hooks_.before_rest_response(request, AuthResult{}, response);
    EXPECT_EQ(response.body, "");
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(test::header_value(response.headers, "X-New"), "1");
}

TEST_F(HooksTest, LazyFieldsReadInTheResponseHookAndClaims) {
    ASSERT_TRUE(load(R"(
        kept = nil
        return {
          on_rest_request = function(req)
            if kept then req.headers["x-stale"] = tostring(kept.body) end
            kept = req
          end,
          before_rest_response = function(req, res)
            res.headers["X-Host"] = req.headers["host"]
            res.headers["X-Args"] = req.args.select
            res.headers["X-Sub"] = req.claims and req.claims.sub or "none"
            res.body = res.body .. "!"
          end,
        }
    )"));
    for (int i = 0; i < 2; ++i) {
        Request request = get("/items?select=id");
        EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
        // A req table kept from an earlier request builds nothing from this one.
        EXPECT_EQ(request.header("x-stale") != nullptr, i == 1);
        if (i == 1) {
            EXPECT_EQ(*request.header("x-stale"), "nil");
        }
        Response response;
        response.body = "[1]";
        AuthResult auth;
        auth.claims_json = i == 0 ? "{\"sub\":\"u1\"}" : "";
        hooks_.before_rest_response(request, auth, response);
        EXPECT_EQ(response.body, "[1]!");
        EXPECT_EQ(test::header_value(response.headers, "X-Host"), "localhost");
        EXPECT_EQ(test::header_value(response.headers, "X-Args"), "id");
        EXPECT_EQ(test::header_value(response.headers, "X-Sub"), i == 0 ? "u1" : "none");
    }
}

TEST_F(HooksTest, CtxIsPerRequest) {
    ASSERT_TRUE(load(R"(
        return {
          on_rest_request = function() ngx.ctx.n = (ngx.ctx.n or 0) + 1 end,
          before_rest_response = function(req, res) res.body = tostring(ngx.ctx.n) end,
        }
    )"));
    for (int i = 0; i < 2; ++i) {
        Request request = get("/items");
        hooks_.on_rest_request(request);
        Response response;
        hooks_.before_rest_response(request, AuthResult{}, response);
        EXPECT_EQ(response.body, "1");
    }
}

TEST_F(HooksTest, QueryAndLogGoThroughTheHost) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function(req)
          local rows = pg_resty.query("select $1", "x", nil)
          ngx.log(ngx.ERR, "rows: ", #rows, " ", rows[1].sql, " ", rows[1].n, " ",
                  tostring(rows[1].ok), " ", tostring(rows[1].nothing == ngx.null))
          local ok, err = pcall(pg_resty.query, "fail")
          ngx.log(ngx.WARN, tostring(ok), " ", err)
        end }
    )"));
    Request request = get("/items");
    hooks_.on_rest_request(request);
    ASSERT_GE(host_.lines.size(), 2u);
    EXPECT_EQ(host_.lines[host_.lines.size() - 2], "rows: 1 select $1 2 true true");
    EXPECT_EQ(host_.lines.back(), "false permission denied for table secrets");
}

TEST_F(HooksTest, ErrorsBecome500WithTraceInTheLog) {
    ASSERT_TRUE(load(R"(
        local function helper() error("boom") end
        return { on_rest_request = function() helper() end }
    )"));
    Request request = get("/items");
    const ApiError error = test::catch_api_error([&] { hooks_.on_rest_request(request); });
    EXPECT_EQ(error.status, 500);
    EXPECT_NE(host_.lines.back().find("boom"), std::string::npos);
    EXPECT_NE(host_.lines.back().find("stack traceback"), std::string::npos);
}

TEST_F(HooksTest, RunawayAndMemoryAreBounded) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function(req)
          if req.path == "/loop" then while true do end end
          if req.path == "/pcall" then
            while true do pcall(function() while true do end end) end
          end
          local t = {}
          for i = 1, 1e9 do t[i] = string.rep("x", 1e6) .. i end
        end }
    )"));
    Request loop = get("/loop");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(loop); }).status, 500);
    EXPECT_NE(host_.lines.back().find("time limit"), std::string::npos);
    Request caught = get("/pcall");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(caught); }).status, 500);
    Request memory = get("/memory");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(memory); }).status, 500);
    EXPECT_NE(host_.lines.back().find("memory"), std::string::npos) << host_.lines.back();
}

// The time limit's count hook is set only once a call has overrun; the next call must run
// without it, with a fresh second.
TEST_F(HooksTest, CallAfterATimedOutOneRunsNormally) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function(req)
          if req.path == "/loop" then while true do end end
          local n = 0
          for i = 1, 100000 do n = n + i end
          req.headers["x-sum"] = tostring(n)
        end }
    )"));
    Request loop = get("/loop");
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(loop); }).status, 500);
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_GE(took, std::chrono::milliseconds(950));
    EXPECT_LT(took,
              std::chrono::milliseconds(3000));  // 1 s and a tick, with room for a busy machine
    for (int i = 0; i < 3; ++i) {
        Request fine = get("/fine");
        EXPECT_FALSE(hooks_.on_rest_request(fine).has_value());
        EXPECT_EQ(*fine.header("x-sum"), "5000050000");
    }
}

TEST_F(HooksTest, BrokenReloadKeepsOldHooks) {
    ASSERT_TRUE(load("return { on_rest_request = function() ngx.exit(401) end }"));
    EXPECT_FALSE(load("return { on_rest_request = function( end }"));
    EXPECT_NE(host_.lines.back().find("keeping the hooks loaded before"), std::string::npos);
    Request request = get("/items");
    EXPECT_EQ(hooks_.on_rest_request(request)->status, 401);
    EXPECT_FALSE(load("return { on_init = function() error('no') end }"));
    EXPECT_FALSE(hooks_.load(dir_ + "/missing.lua"));
    EXPECT_EQ(hooks_.on_rest_request(request)->status, 401);
}

TEST_F(HooksTest, NoWayAroundTheLimits) {
    ASSERT_TRUE(load(R"(
        local results = {}
        results[#results + 1] = tostring(pcall(require, "ffi"))
        results[#results + 1] = tostring(pcall(require, "jit"))
        results[#results + 1] = tostring(debug.sethook == nil and os.exit == nil)
        local bytecode = string.dump(function() return 1 end)
        results[#results + 1] = tostring(pcall(loadstring, bytecode))
        results[#results + 1] = tostring(pcall(load, bytecode))
        results[#results + 1] = tostring(loadstring("return 7")())
        ngx.log(ngx.INFO, table.concat(results, " "))
        return {}
    )")) << host_.lines.back();
    EXPECT_EQ(host_.lines.at(host_.lines.size() - 2), "false false true false false 7");
}

TEST_F(HooksTest, BadHeaderValuesAreRefused) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function() ngx.req.set_header("X", "a\r\nb: c") end }
    )"));
    Request request = get("/items");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(request); }).status, 500);
}

TEST_F(HooksTest, SetUriChangesThePathAndKeepsTheArgs) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function()
          ngx.req.set_uri("/other items")
          ngx.ctx.uri = ngx.var.uri
        end, before_rest_response = function() ngx.header["X-Uri"] = ngx.ctx.uri end }
    )"));
    Request request = get("/items?select=id");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.path, "/other items");
    EXPECT_EQ(request.query, "select=id");
    EXPECT_EQ(request.target, "/other%20items?select=id");
    Response response;
    hooks_.before_rest_response(request, AuthResult{}, response);
    EXPECT_EQ(test::header_value(response.headers, "X-Uri"), "/other items");
}

TEST_F(HooksTest, SetUriRefusesWhatIsNotAPath) {
    ASSERT_TRUE(load(R"(
        return { on_rest_request = function() ngx.req.set_uri(ngx.var.arg_uri ~= "" and {} or "") end }
    )"));
    Request request = get("/items?uri=x");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(request); }).status, 500);
    EXPECT_NE(host_.lines.back().find("the uri must be a string"), std::string::npos);
    request = get("/items?uri=");
    EXPECT_EQ(test::catch_api_error([&] { hooks_.on_rest_request(request); }).status, 500);
    EXPECT_NE(host_.lines.back().find("zero-length uri"), std::string::npos);
}

// lua/starter_kit.lua, as pg_resty.hooks itself.
TEST_F(HooksTest, StarterKitModuleRewritesIdPaths) {
    ASSERT_TRUE(hooks_.load(PG_RESTY_SOURCE_DIR "/lua/starter_kit.lua")) << host_.lines.back();
    Request request = get("/todos/12?select=id,todo");
    request.headers.push_back({"accept", "application/json"});
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.path, "/todos");
    EXPECT_EQ(request.query, "select=id,todo&id=eq.12");
    EXPECT_EQ(*request.header("accept"), "application/vnd.pgrst.object+json");

    for (const char* untouched : {"/todos", "/todos/x1", "/todos/1/2", "/rpc/1", "/"}) {
        request = get(untouched);
        EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
        EXPECT_EQ(request.target, untouched);
        EXPECT_EQ(request.header("accept"), nullptr) << untouched;
    }
}

// lua/starter_kit.lua required from a team's own hooks file.
TEST_F(HooksTest, StarterKitModuleFromOwnHooks) {
    ASSERT_TRUE(load(R"(
        local starter_kit = require "starter_kit"
        return { on_rest_request = function()
          if starter_kit.rewrite_id_path() then ngx.req.set_header("X-Rewritten", "1") end
        end }
    )")) << host_.lines.back();
    Request request = get("/todos/3");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.target, "/todos?id=eq.3");
    EXPECT_EQ(*request.header("x-rewritten"), "1");
    request = get("/todos");
    EXPECT_FALSE(hooks_.on_rest_request(request).has_value());
    EXPECT_EQ(request.header("x-rewritten"), nullptr);
}

}  // namespace
}  // namespace pg_resty

// Random query strings through the whole pure pipeline (parse, plan, SQL): every outcome is a
// statement or an ApiError, never a crash, a hang or another exception. Under the sanitizer
// build (-DPG_RESTY_SANITIZE=ON) this doubles as a small fuzzer of the grammar.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "plan/read_plan.hpp"
#include "query/read_query.hpp"
#include "query/statement.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

Column column(std::string name, TypeOid type, TypeOid array_type) {
    Column c;
    c.name = std::move(name);
    c.type = type;
    c.array_type = array_type;
    return c;
}

class QueryStringRobustness : public ::testing::Test {
  protected:
    QueryStringRobustness() {
        Relation t;
        t.schema = "api";
        t.name = "t";
        t.columns = {column("id", 23, 1007), column("name", 25, 1009),
                     column("data", kJsonbOid, kJsonbArrayOid), column("r", 3904, 3905),
                     column("s", kTsvectorOid, 3643)};
        cache.add(t);
        settings.schemas = {"api"};
    }

    // True when the query string gave a statement; false for an ApiError.
    bool run(const std::string& query) {
        Request request;
        request.method = "GET";
        request.path = "/t";
        request.query = query;
        try {
            const ApiRequest api = parse_api_request(request, settings);
            const ReadPlan plan = plan_read(api, cache, settings);
            const Statement stmt = build_read_statement(plan);
            EXPECT_FALSE(stmt.sql.empty());
            return true;
        } catch (const ApiError&) {
            return false;
        }
    }

    SchemaCache cache;
    Settings settings;
};

TEST_F(QueryStringRobustness, GrammarTokensAndRandomBytes) {
    const std::vector<std::string> tokens{
        "select=",  "order=",     "or=",  "and=", "not.or=",   "id=",     "name=",   "data->",
        "->>",      "->",         "&",    "=",    ".",         ",",       "(",       ")",
        "{",        "}",          "\"",   "\\",   ":",         "::",      "*",       "!",
        "not.",     "eq.",        "in.(", "is.",  "null",      "fts(",    "english", "cs.",
        "eq(any).", "like(all).", "asc",  "desc", "nullslast", "count()", ".sum()",  "..",
        "...",      " ",          "%22",  "%2C",  "%00",       "%FF",     "%C3%A9",  "0",
        "-1",       "id",         "name", "data", "r",         "s",       "x",       "and(",
        "or(",      "\t",         "\n"};
    std::mt19937 rng(4242);
    std::uniform_int_distribution<size_t> pick(0, tokens.size() - 1);
    std::uniform_int_distribution<int> count(1, 14);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> coin(0, 9);
    int statements = 0;
    for (int round = 0; round < 6000; ++round) {
        std::string query;
        for (int n = count(rng); n > 0; --n) {
            if (coin(rng) == 0) {
                query.push_back(static_cast<char>(byte(rng)));
            } else {
                query += tokens[pick(rng)];
            }
        }
        statements += run(query);
    }
    // Some of them were valid requests, so the pipeline past the parser ran too.
    EXPECT_GT(statements, 300);
}

TEST_F(QueryStringRobustness, DeepAndLongInputs) {
    for (int depth : {31, 32, 33, 100, 3000}) {
        std::string tree = "or=(";
        for (int i = 1; i < depth; ++i) {
            tree += "and(";
        }
        tree += "id.eq.1" + std::string(static_cast<size_t>(depth), ')');
        EXPECT_EQ(run(tree), depth <= 32) << depth;

        std::string select = "select=";
        for (int i = 0; i < depth; ++i) {
            select += "a(";
        }
        EXPECT_FALSE(run(select)) << depth;  // embedding: refused, never recursed into deeply
    }
    run("select=data" + std::string(3000, '-') + ">x");  // whatever it gives, no crash
    std::string path = "select=data";
    for (int i = 0; i < 2000; ++i) {
        path += "->k";
    }
    EXPECT_TRUE(run(path));
}

}  // namespace
}  // namespace pg_resty

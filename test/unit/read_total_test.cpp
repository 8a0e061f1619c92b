#include "response/read_total.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty {
namespace {

// What PostgreSQL 15 prints for EXPLAIN (FORMAT JSON) SELECT 1 FROM t WHERE ... (abridged).
constexpr const char* kExplain = R"([
  {
    "Plan": {
      "Node Type": "Seq Scan",
      "Parallel Aware": false,
      "Relation Name": "x\"Plan Rows\": 7",
      "Startup Cost": 1.09,
      "Total Cost": 2.18,
      "Plan Rows": 42,
      "Plan Width": 4,
      "Plans": [
        {
          "Node Type": "Seq Scan",
          "Plan Rows": 1000,
          "Plan Width": 4
        }
      ]
    }
  }
])";

TEST(PlanRows, TopNodesEstimate) {
    EXPECT_EQ(plan_rows_from_explain(kExplain), std::optional<long long>(42));
    EXPECT_EQ(plan_rows_from_explain(R"([{"Plan": {"Plan Rows": 0}}])"),
              std::optional<long long>(0));
}

TEST(PlanRows, MissingOrMalformed) {
    EXPECT_FALSE(plan_rows_from_explain("").has_value());
    EXPECT_FALSE(plan_rows_from_explain(R"([{"Plan": {}}])").has_value());
    EXPECT_FALSE(plan_rows_from_explain(R"({"Plan Rows": "many"})").has_value());
    EXPECT_FALSE(plan_rows_from_explain(R"({"Plan Rows": 99999999999999999999999})").has_value());
}

ReadResult result(std::optional<long long> total, std::optional<std::string> explain) {
    ReadResult r;
    r.total = total;
    r.explain = std::move(explain);
    return r;
}

const std::string kPlanned = R"([{"Plan": {"Plan Rows": 500}}])";

TEST(ResolveTotal, PerCountPreference) {
    EXPECT_FALSE(resolve_total(std::nullopt, result(std::nullopt, std::nullopt)).has_value());
    EXPECT_EQ(resolve_total(PreferCount::Exact, result(12, std::nullopt)),
              std::optional<long long>(12));
    EXPECT_EQ(resolve_total(PreferCount::Planned, result(std::nullopt, kPlanned)),
              std::optional<long long>(500));
    EXPECT_FALSE(resolve_total(PreferCount::Planned, result(std::nullopt, "junk")).has_value());
}

TEST(ResolveTotal, EstimatedTakesTheLargerOnceExplained) {
    // Under db-max-rows: the explain did not run, the count stands.
    EXPECT_EQ(resolve_total(PreferCount::Estimated, result(8, std::nullopt)),
              std::optional<long long>(8));
    EXPECT_EQ(resolve_total(PreferCount::Estimated, result(11, kPlanned)),
              std::optional<long long>(500));
    EXPECT_EQ(resolve_total(PreferCount::Estimated, result(900, kPlanned)),
              std::optional<long long>(900));
    EXPECT_EQ(resolve_total(PreferCount::Estimated, result(11, "junk")),
              std::optional<long long>(11));
}

}  // namespace
}  // namespace pg_resty

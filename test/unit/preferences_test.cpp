#include "api/preferences.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.hpp"

namespace pg_resty {
namespace {

Preferences prefs(std::vector<std::string> values) {
    std::vector<Header> headers;
    for (std::string& v : values) {
        headers.push_back(Header{"prefer", std::move(v)});
    }
    return parse_preferences(headers);
}

TEST(Preferences, NoneByDefault) {
    const Preferences p = parse_preferences({Header{"accept", "count=exact"}});
    EXPECT_FALSE(p.count.has_value());
    EXPECT_FALSE(p.handling.has_value());
    EXPECT_TRUE(p.invalid.empty());
    EXPECT_FALSE(read_preference_applied(p).has_value());
}

TEST(Preferences, CommaSeparatedWithArbitrarySpace) {
    const Preferences p =
        prefs({"count=exact,    tx=commit   ,return=representation , "
               "missing=default, handling=strict, anything"});
    EXPECT_EQ(p.count, PreferCount::Exact);
    EXPECT_EQ(p.transaction, PreferTransaction::Commit);
    EXPECT_EQ(p.representation, PreferRepresentation::Full);
    EXPECT_EQ(p.missing, PreferMissing::ApplyDefaults);
    EXPECT_EQ(p.handling, PreferHandling::Strict);
    EXPECT_EQ(p.invalid, std::vector<std::string>{"anything"});
}

TEST(Preferences, FirstOfAKindWinsAcrossHeaders) {
    const Preferences p = prefs({"count=planned", "count=exact, resolution=ignore-duplicates",
                                 "resolution=merge-duplicates"});
    EXPECT_EQ(p.count, PreferCount::Planned);
    EXPECT_EQ(p.resolution, PreferResolution::IgnoreDuplicates);
    EXPECT_TRUE(p.invalid.empty());
}

TEST(Preferences, EveryKnownToken) {
    const Preferences p =
        prefs({"count=estimated", "return=headers-only", "missing=null", "handling=lenient",
               "tx=rollback", "params=single-object", "max-affected=10",
               "timezone=America/Los_Angeles", "return=minimal"});
    EXPECT_EQ(p.count, PreferCount::Estimated);
    EXPECT_EQ(p.representation, PreferRepresentation::HeadersOnly);
    EXPECT_EQ(p.missing, PreferMissing::ApplyNulls);
    EXPECT_EQ(p.handling, PreferHandling::Lenient);
    EXPECT_EQ(p.transaction, PreferTransaction::Rollback);
    EXPECT_TRUE(p.single_object_params);
    EXPECT_EQ(p.max_affected, std::optional<std::string>("10"));
    EXPECT_EQ(p.timezone, std::optional<std::string>("America/Los_Angeles"));
    // Listed until the planner finds the zone in pg_timezone_names.
    EXPECT_EQ(p.invalid, std::vector<std::string>{"timezone=America/Los_Angeles"});
}

TEST(Preferences, UnknownTokensKeepTheirOrderAndExactText) {
    // Values are case-sensitive, and an empty item counts, as in PostgREST.
    const Preferences p = prefs({"COUNT=exact, count = exact,", "foo=bar"});
    EXPECT_FALSE(p.count.has_value());
    EXPECT_EQ(p.invalid, (std::vector<std::string>{"COUNT=exact", "count = exact", "", "foo=bar"}));
}

TEST(Preferences, StrictRefusesUnknownTokens) {
    const ApiError e = test::catch_api_error(
        [] { check_strict_preferences(prefs({"handling=strict, foo, bar"})); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST122");
    EXPECT_EQ(e.message, "Invalid preferences given with handling=strict");
    EXPECT_EQ(e.details, std::optional<std::string>("Invalid preferences: foo, bar"));
    EXPECT_FALSE(e.hint.has_value());
}

TEST(Preferences, LenientOrUnsetIgnoresUnknownTokens) {
    check_strict_preferences(prefs({"handling=lenient, foo"}));
    check_strict_preferences(prefs({"foo"}));
    check_strict_preferences(prefs({"handling=strict, count=exact"}));
    // The first handling token decides.
    check_strict_preferences(prefs({"handling=lenient, handling=strict, foo"}));
}

TEST(Preferences, AppliedForReadsIsCountThenHandling) {
    EXPECT_EQ(read_preference_applied(prefs({"handling=strict, count=exact"})),
              std::optional<std::string>("count=exact, handling=strict"));
    EXPECT_EQ(read_preference_applied(prefs({"count=planned"})),
              std::optional<std::string>("count=planned"));
    EXPECT_EQ(read_preference_applied(prefs({"handling=lenient"})),
              std::optional<std::string>("handling=lenient"));
    // Preferences reads do not apply are not echoed; tx is (always overridable here).
    EXPECT_EQ(read_preference_applied(
                  prefs({"return=representation, tx=rollback, resolution=merge-duplicates"})),
              std::optional<std::string>("tx=rollback"));
    EXPECT_FALSE(
        read_preference_applied(prefs({"return=representation, resolution=merge-duplicates"}))
            .has_value());
}

TEST(Preferences, TimezoneIsTheFirstOneAndInvalidUntilAccepted) {
    const Preferences p = prefs({"timezone=Europe/Paris, handling=strict", "timezone=Nowhere"});
    EXPECT_EQ(p.timezone, std::optional<std::string>("Europe/Paris"));
    // Unknown zone: every timezone= token is refused under handling=strict...
    const ApiError e = test::catch_api_error([&] { check_strict_preferences(p); });
    EXPECT_EQ(e.code, "PGRST122");
    EXPECT_EQ(e.details, "Invalid preferences: timezone=Europe/Paris, timezone=Nowhere");
    EXPECT_EQ(read_preference_applied(p), std::optional<std::string>("handling=strict"));
    // ...and none once the first is known, as PostgREST's isUnacceptable has it.
    check_strict_preferences(p, true);
    EXPECT_EQ(read_preference_applied(p, true),
              std::optional<std::string>("handling=strict, timezone=Europe/Paris"));
}

}  // namespace
}  // namespace pg_resty

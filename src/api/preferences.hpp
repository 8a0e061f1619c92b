#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"

namespace pg_resty {

// The `Prefer` header (RFC 7240) as PostgREST v12 reads it: every Prefer header, split on
// commas, each token trimmed; per kind the first recognised token wins; tokens PostgREST does
// not know are kept for `handling=strict`.

enum class PreferResolution { MergeDuplicates, IgnoreDuplicates };
enum class PreferRepresentation { Full, HeadersOnly, None };
enum class PreferCount { Exact, Planned, Estimated };
enum class PreferTransaction { Commit, Rollback };
enum class PreferMissing { ApplyDefaults, ApplyNulls };
enum class PreferHandling { Strict, Lenient };

struct Preferences {
    std::optional<PreferResolution> resolution;
    std::optional<PreferRepresentation> representation;
    bool single_object_params = false;  // params=single-object
    std::optional<PreferCount> count;
    std::optional<PreferTransaction> transaction;
    std::optional<PreferMissing> missing;
    std::optional<PreferHandling> handling;
    std::optional<std::string> max_affected;  // max-affected=N, as written
    // timezone=<name>, the first one sent. The planner checks it against pg_timezone_names;
    // until then every timezone= token is also listed in `invalid`.
    std::optional<std::string> timezone;
    std::vector<std::string> invalid;  // in the order they were sent
};

Preferences parse_preferences(const std::vector<Header>& headers);

// The token PostgREST sends back for a preference ("count=exact").
const char* preference_token(PreferCount count);
const char* preference_token(PreferHandling handling);

// `Preference-Applied` of a read: the count, tx, handling and (if accepted) timezone preferences
// it honoured, in PostgREST's order; nullopt when there are none.
std::optional<std::string> read_preference_applied(const Preferences& preferences,
                                                   bool timezone_accepted = false);

// 400 PGRST122 when `handling=strict` meets preferences PostgREST does not know; timezone=
// tokens count among them unless the zone is known (PostgREST v12).
void check_strict_preferences(const Preferences& preferences, bool timezone_accepted = false);

}  // namespace pg_resty

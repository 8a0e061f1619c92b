#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_value.hpp"

namespace pg_resty {

// One step of pg_resty.jwt_role_claim_key, PostgREST's jwt-role-claim-key syntax:
// .key  ."quoted key"  [index]  and, last only, a filter on an array of strings:
// [?(@ == "x")]  != (not equal)  ^== (starts with)  ==^ (ends with)  *== (contains).
struct RoleClaimStep {
    enum class Kind { Key, Index, Filter };
    enum class Op { Equals, NotEquals, StartsWith, EndsWith, Contains };
    Kind kind = Kind::Key;
    std::string key;  // Key: the member name; Filter: the operand
    size_t index = 0;
    Op op = Op::Equals;
};

using RoleClaimPath = std::vector<RoleClaimStep>;

// nullopt when `text` is not a valid path.
std::optional<RoleClaimPath> parse_role_claim_path(std::string_view text);

// The value at `path` in `claims`, or nullptr (PostgREST's walkJSPath).
const JsonValue* walk_role_claim_path(const JsonValue& claims, const RoleClaimPath& path);

}  // namespace pg_resty

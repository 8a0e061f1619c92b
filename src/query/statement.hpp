#pragma once

#include <string>
#include <vector>

#include "plan/schema_cache.hpp"

namespace pg_resty {

// Built-in type oids the SQL builder types its own parameters with (fixed in pg_type.dat).
constexpr TypeOid kInt8Oid = 20;
constexpr TypeOid kInt4Oid = 23;
constexpr TypeOid kTextOid = 25;
constexpr TypeOid kJsonOid = 114;
constexpr TypeOid kJsonArrayOid = 199;
constexpr TypeOid kTextArrayOid = 1009;
constexpr TypeOid kTsvectorOid = 3614;
constexpr TypeOid kRegconfigOid = 3734;
constexpr TypeOid kJsonbOid = 3802;
constexpr TypeOid kJsonbArrayOid = 3807;

// A value sent as a query parameter, converted by the type's input function on the server.
struct SqlParam {
    TypeOid type = kTextOid;
    std::string value;
};

// One SQL statement and its parameters: the only thing that crosses from the pure stages to
// the database. User input only ever reaches `params`, or `sql` as a quoted identifier that
// the planner checked against the schema cache.
struct Statement {
    std::string sql;
    std::vector<SqlParam> params;

    // Adds a parameter and returns its placeholder ("$3").
    std::string bind(TypeOid type, std::string value);
};

}  // namespace pg_resty

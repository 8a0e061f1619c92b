#pragma once

#include <cstdio>

#include "db/pg_headers.hpp"

#include "common/pg_error.hpp"

namespace pg_resty {

// The one guard for every entry from PostgreSQL into C++ (SQL-callable functions): C++
// exceptions stop here, and only after every C++ object of `body` is destroyed does the error
// go on as an ereport, whose longjmp then skips nothing of ours.
template <typename Body>
Datum pg_entry(Body&& body) {
    char sqlstate[6] = "XX000";
    char message[1024] = "";
    {
        try {
            return body();
        } catch (const PgError& error) {
            snprintf(sqlstate, sizeof sqlstate, "%s", error.sqlstate.c_str());
            snprintf(message, sizeof message, "%s", error.message.c_str());
        } catch (const std::exception& error) {
            snprintf(message, sizeof message, "pg_resty: %s", error.what());
        } catch (...) {
            snprintf(message, sizeof message, "pg_resty: unknown internal error");
        }
    }
    ereport(
        ERROR,
        (errcode(MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4])),
         errmsg_internal("%s", message)));
    pg_unreachable();
}

}  // namespace pg_resty

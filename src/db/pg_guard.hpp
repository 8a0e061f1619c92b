#pragma once

#include "db/pg_headers.hpp"

#include "common/pg_error.hpp"

namespace pg_resty {

// Turns the error PostgreSQL is handling into a PgError and clears PostgreSQL's error state.
// Only for pg_call's catch branch.
PgError take_pg_error(MemoryContext context);

// The one guard for every call from C++ into PostgreSQL (DESIGN.md, the boundary rules).
// `body` runs between sigsetjmp and PostgreSQL's longjmp, so it must hold no C++ object with a
// destructor in its own frame: it calls PostgreSQL and writes plain values or containers owned
// by the caller. An ereport(ERROR) inside comes out as a PgError thrown after the PG_TRY frame
// is gone; a C++ exception inside is carried out the same way, never through PostgreSQL.
// FATAL and PANIC never return: the process exits as PostgreSQL decides.
template <typename Body>
void pg_call(Body&& body) {
    MemoryContext context = CurrentMemoryContext;
    std::exception_ptr cpp_error;
    volatile bool pg_failed = false;
    PG_TRY();
    {
        try {
            body();
        } catch (...) {
            cpp_error = std::current_exception();
        }
    }
    PG_CATCH();
    { pg_failed = true; }
    PG_END_TRY();
    if (pg_failed) {
        throw take_pg_error(context);
    }
    if (cpp_error) {
        std::rethrow_exception(cpp_error);
    }
}

}  // namespace pg_resty

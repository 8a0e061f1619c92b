#pragma once

// The SQL invariant shared by the harnesses that build statements from requests.

#include <cstddef>
#include <string>

#include "fuzz_input.hpp"
#include "query/statement.hpp"

namespace pg_resty::fuzz {

// The statement's text outside quoted identifiers and string literals is the builder's own:
// quotes must close, no statement separator or comment may appear there, and every
// placeholder must name a parameter.
inline void check_sql(const Statement& statement) {
    const std::string& sql = statement.sql;
    size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            for (;; ++j) {
                if (j >= sql.size()) {
                    fail("unterminated quote in SQL", sql);
                }
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        ++j;  // doubled quote inside
                        continue;
                    }
                    break;
                }
            }
            i = j + 1;
            continue;
        }
        if (c == ';' || (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
            (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*')) {
            fail("separator or comment outside quotes in SQL", sql);
        }
        if (c == '$') {
            size_t j = i + 1;
            size_t number = 0;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && number < 1000000) {
                number = number * 10 + static_cast<size_t>(sql[j] - '0');
                ++j;
            }
            if (j == i + 1 || number == 0 || number > statement.params.size()) {
                fail("placeholder without a parameter in SQL", sql);
            }
            i = j;
            continue;
        }
        ++i;
    }
}

}  // namespace pg_resty::fuzz

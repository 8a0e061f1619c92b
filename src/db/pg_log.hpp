#pragma once

#include <string>

namespace pg_resty {

// Server log lines from C++ code, through the guard (an ereport can fail).
void log_message(const std::string& text) noexcept;
void log_warning(const std::string& text) noexcept;

}  // namespace pg_resty

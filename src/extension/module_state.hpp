#pragma once

namespace pg_resty {

// Whether _PG_init ran from shared_preload_libraries (inherited by every forked backend).
bool loaded_at_preload();

}  // namespace pg_resty

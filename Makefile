# PGXS build of the pg_resty extension: make, make install, make installcheck.
# CMakeLists.txt builds the same sources for unit tests and fuzzers (always out of source).

MODULE_big = pg_resty
SOURCES := $(sort $(wildcard src/*.cpp src/*/*.cpp))
OBJS = $(SOURCES:.cpp=.o)

DATA = control/pg_resty.control $(wildcard sql/pg_resty--*.sql)
MODULEDIR = extension

# pg_regress inputs live in sql/ beside the install script, outputs in expected/.
REGRESS = install functions events
REGRESS_OPTS = --temp-instance=tmp_check --temp-config=test/regress.conf

PG_CONFIG ?= pg_config
PG_INCLUDEDIR_SERVER := $(shell $(PG_CONFIG) --includedir-server)

# PostgreSQL's headers are not warning-clean C++; -isystem silences them without weakening ours.
PG_CPPFLAGS = -isystem $(PG_INCLUDEDIR_SERVER) -Isrc
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-register -Wno-missing-field-initializers -fvisibility=hidden -MMD -MP
SHLIB_LINK = -lmicrohttpd -lrabbitmq -lstdc++

# PGXS would also emit LLVM bitcode with clang for JIT inlining, without our C++ flags.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Header dependencies (-MMD), which PGXS does not track by itself.
-include $(OBJS:.o=.d)
EXTRA_CLEAN = $(OBJS:.o=.d)

.PHONY: format
format:
	clang-format -i $(SOURCES) $(wildcard src/*.hpp src/*/*.hpp test/unit/*.cpp test/fuzz/*.cpp)

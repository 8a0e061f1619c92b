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
LUAJIT_CFLAGS := $(shell pkg-config --cflags luajit)
LUAJIT_LIBS := $(shell pkg-config --libs luajit)

PG_CPPFLAGS = -isystem $(PG_INCLUDEDIR_SERVER) $(LUAJIT_CFLAGS) -Isrc
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -Wno-register -Wno-missing-field-initializers -fvisibility=hidden -MMD -MP
SHLIB_LINK = -lmicrohttpd -lrabbitmq -lcrypto $(LUAJIT_LIBS) -lstdc++

# `make PG_RESTY_SANITIZE=1`: the module with AddressSanitizer and UBSan, for the end-to-end
# suite under sanitizers (scripts/asan_e2e.sh; the server must preload libasan). UBSan reports
# and carries on, so that one run shows every report; ASan stops the process at the first.
ifeq ($(PG_RESTY_SANITIZE),1)
PG_CXXFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
SHLIB_LINK += -fsanitize=address,undefined
endif

# PGXS would also emit LLVM bitcode with clang for JIT inlining, without our C++ flags.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Lua modules pg_resty ships (`require "utils"` from hooks): $(sharedir)/pg_resty/lua,
# world-readable because the server reads them as its own user.
LUA_MODULES = $(wildcard lua/*.lua)
LUA_DIR = $(datadir)/pg_resty/lua

install: install-lua
.PHONY: install-lua
install-lua:
	$(MKDIR_P) '$(DESTDIR)$(LUA_DIR)'
	chmod 755 '$(DESTDIR)$(datadir)/pg_resty' '$(DESTDIR)$(LUA_DIR)'
	$(INSTALL_DATA) $(LUA_MODULES) '$(DESTDIR)$(LUA_DIR)/'

# Header dependencies (-MMD), which PGXS does not track by itself.
-include $(OBJS:.o=.d)
EXTRA_CLEAN = $(OBJS:.o=.d)

.PHONY: format
format:
	clang-format -i $(SOURCES) $(wildcard src/*.hpp src/*/*.hpp test/unit/*.cpp test/fuzz/*.cpp)

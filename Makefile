# dangjian — GNU Make + pkg-config. See README.md for the two commands that matter:
#   make run     build, create the demo database on first use, serve it
#   make check   every test, then unit + HTTP + fuzz replay again under ASan+UBSan
#
# Other targets: make (release binary ./dangjian), make debug, make asan, make fuzz (clang +
# libFuzzer), make format, make clean. Objects go to build/<mode>/.

MODE ?= release
BUILD := build/$(MODE)
CC ?= cc
ifeq ($(CC),cc)
CC := gcc
endif
PKG_CONFIG ?= pkg-config
LIBS_PKGS := sqlite3 libmicrohttpd jansson libsodium xlsxwriter libzip expat libutf8proc
TEST_PKGS := criterion libcurl
DB ?= dangjian.db
LISTEN ?= 127.0.0.1:8080

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wwrite-strings -Wcast-qual -Wvla -fno-common -Werror
BASE_CFLAGS := -std=c17 -D_GNU_SOURCE -fstack-protector-strong -MMD -MP -Isrc -I$(BUILD)
ifeq ($(MODE),release)
MODE_CFLAGS := -O2 -D_FORTIFY_SOURCE=2 -DNDEBUG
else ifeq ($(MODE),debug)
MODE_CFLAGS := -O0 -g3
else ifeq ($(MODE),clang)
MODE_CFLAGS := -O2 -D_FORTIFY_SOURCE=2 -DNDEBUG
else ifeq ($(MODE),asan)
MODE_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
MODE_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
MODE_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
MODE_LDFLAGS := -fsanitize=address,undefined
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIBS_PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(LIBS_PKGS) 2>/dev/null) -lpthread -lm
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)
CFLAGS_ALL = $(BASE_CFLAGS) $(MODE_CFLAGS) $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(MODE_LDFLAGS) $(LDFLAGS)

LIB_SRC := $(filter-out src/main.c,$(shell find src -name '*.c' | LC_ALL=C sort))
LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/assets.o
ASSETS := $(shell find templates static src/db/schema -type f 2>/dev/null | LC_ALL=C sort)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(UNIT_SRC))
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: all release debug asan run check check-release check-asan unit http e2e fuzz fuzz-replay \
        format clean bin deps suite clang-build
.DEFAULT_GOAL := all

all: release

release:
	@$(MAKE) --no-print-directory MODE=release bin
	@cp build/release/dangjian ./dangjian && strip ./dangjian

debug:
	@$(MAKE) --no-print-directory MODE=debug bin

asan:
	@$(MAKE) --no-print-directory MODE=asan bin

bin: $(BUILD)/dangjian

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/assets.c: $(BUILD)/embed $(ASSETS)
	@mkdir -p $(@D)
	@echo "  GEN $(MODE)  $@"
	@$(BUILD)/embed $@ $(ASSETS)

$(BUILD)/obj/assets.o: $(BUILD)/assets.c
	@mkdir -p $(@D)
	@$(CC) $(filter-out -Wmissing-prototypes,$(CFLAGS_ALL)) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC  $(MODE)  $<"
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC  $(MODE)  $<"
	@$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Wno-pedantic -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/libdangjian.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/dangjian: $(BUILD)/obj/src/main.o $(BUILD)/libdangjian.a
	@echo "  LD  $(MODE)  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(BUILD)/libdangjian.a
	@echo "  LD  $(MODE)  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/http-tests: $(BUILD)/obj/tests/http/runner.o $(BUILD)/obj/tests/lib/testsrv.o \
                     $(BUILD)/libdangjian.a
	@echo "  LD  $(MODE)  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/authz-tests: $(BUILD)/obj/tests/authz/runner.o $(BUILD)/obj/tests/lib/testsrv.o \
                      $(BUILD)/libdangjian.a
	@echo "  LD  $(MODE)  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/fuzz-replay-%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/fuzz-main.o $(BUILD)/libdangjian.a
	@echo "  LD  $(MODE)  $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

build/fuzz/fuzz-%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/libdangjian.a
	$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

# ---- running -----------------------------------------------------------------------------

deps:
	@scripts/deps.sh

run: deps release
	@test -f $(DB) || ./dangjian demo --db $(DB)
	@echo "演示账户（登录名）：admin 系统管理员 · district 区委组织部 · town1 town2 乡镇党委 ·"
	@echo "  branch1 branch2 branch3 branch4 党支部 · contact1 联系干部 · member1 党员"
	@echo "  演示密码：Demo#2024dj（数据库由 dangjian demo 创建时的默认值）"
	@./dangjian serve --db $(DB) --listen $(LISTEN)

# ---- tests -------------------------------------------------------------------------------
# check: release build with -Werror, unit + store tests, fuzz corpus replay, HTTP tests,
# browser tests; then unit, fuzz replay and HTTP again under ASan+UBSan. Counts at the end.

check: deps
	@mkdir -p build && rm -f build/results.txt
	@fail=0; \
	$(MAKE) --no-print-directory MODE=release suite E2E=1 || fail=1; \
	$(MAKE) --no-print-directory MODE=asan suite E2E=0 || fail=1; \
	$(MAKE) --no-print-directory MODE=clang CC=clang clang-build || fail=1; \
	scripts/summary.sh build/results.txt && [ $$fail -eq 0 ]

suite: $(BUILD)/dangjian $(BUILD)/unit-tests $(BUILD)/http-tests $(BUILD)/authz-tests \
       $(patsubst %,$(BUILD)/fuzz-replay-%,$(FUZZ_TARGETS))
	@scripts/run-suite.sh $(MODE) $(BUILD) $(E2E) build/results.txt

# Everything compiles warning-free with clang too (-Werror); nothing is run.
clang-build: $(BUILD)/dangjian $(BUILD)/unit-tests $(BUILD)/http-tests $(BUILD)/authz-tests
	@echo "clang: the program and every test program compile warning-free"

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

fuzz:
	@$(MAKE) --no-print-directory MODE=fuzz CC=clang $(patsubst %,build/fuzz/fuzz-%,$(FUZZ_TARGETS))
	@echo "fuzzers in build/fuzz/: run e.g. build/fuzz/fuzz-tmpl tests/fuzz/corpus/tmpl"

format:
	clang-format -i $$(find src tests tools -name '*.[ch]')

clean:
	rm -rf build dangjian tests/e2e/out

-include $(shell find build/$(MODE) -name '*.d' 2>/dev/null)

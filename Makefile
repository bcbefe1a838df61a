# hashwire - a news engine in C.  A plain Makefile on pkg-config.
#
#   make            release build: build/release/hashwire
#   make deps       install the Debian packages needed (apt-get)
#   make test       deps, unit + golden tests, then the same under ASan/UBSan
#   make run        deps, build, ingest the seed feeds, print the top topic
#   make bench      benchmarks against ../shared/data
#   make fuzz       libFuzzer harnesses, each run FUZZ_SECONDS (default 60)
#
# The build variant is chosen by VARIANT (release, asan, fuzz); each has its
# own tree under build/.

VARIANT ?= release
SHARED ?= ../shared
FUZZ_SECONDS ?= 60
CC ?= cc
B := build/$(VARIANT)

PKGS := libxml-2.0 jansson sqlite3 libutf8proc libcurl libmicrohttpd zlib gumbo
WARN := -std=c11 -Wall -Wextra -Werror -Wvla -Wwrite-strings \
        -Wstrict-prototypes -Wformat-security
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

ifeq ($(VARIANT),asan)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
       -ftrivial-auto-var-init=pattern \
       -fno-sanitize-recover=all
else ifeq ($(VARIANT),fuzz)
CC := clang
OPT := -O1 -g -fno-omit-frame-pointer \
       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
else
OPT := -O2 -g
endif

ALL_CFLAGS := $(WARN) -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -Isrc $(PKG_CFLAGS) $(OPT) \
              $(CFLAGS)
ALL_LDFLAGS := $(OPT) -pthread $(LDFLAGS)

LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*/test_*.c))
FUZZ_SRC := $(sort $(filter-out fuzz/driver.c,$(wildcard fuzz/*.c)))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB := $(B)/libhashwire.a
BIN := $(B)/hashwire
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/obj/%.o)
TESTS := $(TEST_SRC:%.c=$(B)/%)
REPLAY := $(FUZZ_SRC:fuzz/%.c=$(B)/replay/%)
FUZZERS := $(FUZZ_SRC:fuzz/%.c=$(B)/fuzzer/%)
BENCHES := $(BENCH_SRC:bench/%.c=$(B)/bench/%)

.PHONY: all deps test check run bench fuzz clean golden-update models \
        check-unit check-golden check-replay

all: $(BIN) $(B)/hashwire.1

$(B)/hashwire.1: $(BIN) tools/mkman.sh
	sh tools/mkman.sh $(BIN) >$@

deps:
	@sh tools/deps.sh

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

$(B)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB) $(CMOCKA_LIBS) $(PKG_LIBS)

$(B)/replay/%: fuzz/%.c fuzz/driver.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/driver.c $(LIB) $(PKG_LIBS)

$(B)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

# Each test binary runs in its own process with a time limit.
check-unit: $(TESTS) $(BIN)
	@fail=0; for t in $(TESTS); do \
	    echo "== $$t"; \
	    HW_SHARED=$(SHARED) HW_BIN=$(BIN) timeout 600 $$t || fail=1; \
	done; exit $$fail

check-golden: $(BIN)
	@fail=0; for t in $(sort $(wildcard tests/*/*.sh)); do \
	    case $$t in *update*) continue;; esac; \
	    echo "== $$t"; \
	    HW_SHARED=$(SHARED) HW_BIN=$(BIN) timeout 600 sh $$t || fail=1; \
	done; exit $$fail

check-replay: $(REPLAY)
	@fail=0; for r in $(REPLAY); do \
	    n=$$(basename $$r); \
	    for d in fuzz/corpus/$$n fuzz/regress/$$n; do \
	        [ -d $$d ] || continue; \
	        timeout 600 $$r $$d || fail=1; \
	    done; \
	done; exit $$fail

check: check-unit check-golden check-replay
	@echo "check ($(VARIANT)): all passed"

test: deps
	@$(MAKE) --no-print-directory check VARIANT=release
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 $(MAKE) --no-print-directory check VARIANT=asan
	@echo "make test: all passed (release and ASan/UBSan)"

run: deps
	@$(MAKE) --no-print-directory all
	@sh tools/run.sh $(BIN) "$(SHARED)" "$(FEEDS)"

bench: deps
	@$(MAKE) --no-print-directory all $(BENCHES)
	@HW_SHARED=$(SHARED) HW_BIN=$(BIN) sh bench/run.sh $(B)

fuzz: deps
	@$(MAKE) --no-print-directory VARIANT=fuzz fuzzers
	@for f in $(FUZZ_SRC:fuzz/%.c=build/fuzz/fuzzer/%); do \
	    n=$$(basename $$f); mkdir -p build/fuzz/corpus/$$n; \
	    echo "== fuzz $$n for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -artifact_prefix=build/fuzz/crash-$$n- \
	        $$( [ -f fuzz/$$n.dict ] && echo -dict=fuzz/$$n.dict ) \
	        build/fuzz/corpus/$$n fuzz/corpus/$$n 2>&1 | tail -3 || exit 1; \
	done

fuzzers: $(FUZZERS)

$(B)/fuzzer/%: fuzz/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(PKG_LIBS)

# Trained models, rebuilt deterministically from ../shared/data.
models: $(BIN)
	$(BIN) train classifier --data $(SHARED)/data/categories \
	    --out models/category.model
	$(BIN) train ner --shared $(SHARED) --out models/ner.model

golden-update: $(BIN)
	@for t in $(sort $(wildcard tests/*/*update*.sh)); do \
	    HW_SHARED=$(SHARED) HW_BIN=$(BIN) sh $$t; done

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

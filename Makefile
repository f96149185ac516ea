# xtile - top-level Makefile. `make help` lists the targets.
#
# The set-up targets (run, test, bench) first run scripts/deps.sh, then call
# make again, so that pkg-config answers with the packages just installed.

BUILD    ?= build
CC       ?= cc
PKG      ?= pkg-config
OPT      ?= -O3 -march=native

# SAN=1: AddressSanitizer and UndefinedBehaviorSanitizer (fatal), in a build tree of its own
ifeq ($(SAN),1)
BUILD    := build-san
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
endif
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)

CFLAGS_STD := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror \
              -Wno-format-truncation -D_POSIX_C_SOURCE=200809L -fopenmp-simd
CPPFLAGS   := -Iinclude -DXTILE_VERSION='"$(VERSION)"' -MMD -MP
PKG_CFLAGS  = $(shell $(PKG) --cflags inih zlib 2>/dev/null)
PKG_LIBS    = $(shell $(PKG) --libs inih zlib 2>/dev/null) -lm
CRIT_FLAGS  = $(shell $(PKG) --cflags --libs criterion 2>/dev/null)
ALL_CFLAGS  = $(CFLAGS_STD) $(OPT) $(PKG_CFLAGS) $(CFLAGS)

ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2);
endif

LIB_SRC  := $(sort $(wildcard csim/common/*.c csim/nvm/*.c csim/array/*.c csim/tile/*.c csim/engine/*.c csim/train/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c)) tests/helpers.c
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
C_FILES  := $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null)

.PHONY: all run test test-long check bench lint format clean help deps data
.DEFAULT_GOAL := all

all: $(BUILD)/xtile

help:
	@echo "make            build build/xtile"
	@echo "make run        install deps, fetch MNIST, build, train configs/default.ini"
	@echo "make test       install deps, build, run everything CI checks"
	@echo "make test-long  the long checks: full L0 = L1 suites, 2,000 examples through both engines"
	@echo "make bench      training speed (examples/s, median of repeated runs)"
	@echo "make lint       clang-format check of every C file"
	@echo "make format     reformat every C file with .clang-format"
	@echo "make clean      remove build/"
	@echo "V=1 shows full commands; OPT=... overrides -O3 -march=native; SAN=1 builds and tests"
	@echo "    with AddressSanitizer and UndefinedBehaviorSanitizer in build-san/"

deps:
	@scripts/deps.sh

data:
	@scripts/fetch-data.sh

run: deps data
	@$(MAKE) --no-print-directory all
	$(BUILD)/xtile train configs/default.ini

test: deps data
	@$(MAKE) --no-print-directory check SAN=$(SAN)

# Everything `make test` runs, without the set-up.
check: $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx
	@echo "== lint"
	$(Q)$(MAKE) --no-print-directory lint
	@echo "== unit tests (Criterion)"
	$(Q)$(BUILD)/tests/unit --color=never -j2
	@echo "== command-line tests"
	$(Q)tests/cli.sh $(BUILD)

test-long: deps data
	@$(MAKE) --no-print-directory $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx
	$(Q)tests/long.sh $(BUILD)

bench: deps data
	@$(MAKE) --no-print-directory $(BUILD)/bench_train
	$(BUILD)/bench_train

lint:
	$(Q)clang-format --dry-run --Werror $(C_FILES)
	@echo "lint: clang-format clean ($(words $(C_FILES)) files)"

format:
	$(Q)clang-format -i $(C_FILES)

clean:
	rm -rf build build-san

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libxtile.a: $(LIB_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/xtile: $(BUILD)/csim/app/main.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(filter -I% -D%,$(CRIT_FLAGS)) -c $< -o $@

$(BUILD)/tests/unit: $(TEST_OBJ) $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(CRIT_FLAGS) $(PKG_LIBS)

$(BUILD)/tests/mkidx: $(BUILD)/tests/tools/mkidx.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench_train: $(BUILD)/bench/bench_train.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

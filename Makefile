# xtile - top-level Makefile. `make help` lists the targets.
#
# The set-up targets (run, test, bench) first run scripts/deps.sh, then call
# make again, so that pkg-config answers with the packages just installed.
# The rules are in parts, by concern:
#   mk/lib.mk     the C library, the xtile program, unit tests, bench_train, fuzzers
#   mk/rtl.mk     the Verilated tile_top models of the rtl engine (one canned VERILATE recipe)
#   mk/cosim.mk   the co-simulation benches: blocks, tile (C++, SystemC), netlists
#   mk/synth.mk   Yosys synthesis of the blocks and tile_top
#   mk/checks.mk  the set-up and check targets: run, test, check, lint, bench, memcheck, fuzz

BUILD    ?= build
CC       ?= cc
PKG      ?= pkg-config
OPT      ?= -O3 -march=native

# SAN=1: AddressSanitizer and UndefinedBehaviorSanitizer (fatal), in a build tree of its own
ifeq ($(SAN),1)
BUILD    := build-san
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
# the Verilated models (compiled without $(OPT)) are the plain build's: mk/rtl.mk
VGEN     ?= build
endif
# MEMCHECK=1: a plain -O1 -g build for valgrind (which does not decode every AVX-512
# instruction -march=native may pick), without the Verilated models
ifeq ($(MEMCHECK),1)
BUILD    := build-memcheck
OPT      := -O1 -g
endif
# FUZZ=1: clang with libFuzzer coverage, ASan and UBSan, in build-fuzz/ (make fuzz)
ifeq ($(FUZZ),1)
BUILD    := build-fuzz
CC       := clang
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
            -fno-sanitize-recover=undefined -Wno-unknown-warning-option -Wno-pass-failed
endif
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)

CFLAGS_STD := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror \
              -Wno-format-truncation -D_POSIX_C_SOURCE=200809L -fopenmp-simd
CPPFLAGS   := -Iinclude -DXTILE_VERSION='"$(VERSION)"' -MMD -MP
PKG_CFLAGS  = $(shell $(PKG) --cflags inih zlib 2>/dev/null)
PKG_LIBS    = $(shell $(PKG) --libs inih zlib 2>/dev/null) -lm -pthread
CRIT_FLAGS  = $(shell $(PKG) --cflags --libs criterion 2>/dev/null)
ALL_CFLAGS  = $(CFLAGS_STD) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
NPROC      := $(shell nproc 2>/dev/null || echo 2)

ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2);
endif

# ROWSxCOLSxSHARE: the n-th number of a size
sz = $(word $(2),$(subst x, ,$(1)))
.SECONDARY:
.DEFAULT_GOAL := all

# In this order: a rule's prerequisites are expanded as it is read (lib.mk links RTL_ENGINE;
# cosim.mk simulates the netlists synth.mk names).
include mk/rtl.mk mk/lib.mk mk/synth.mk mk/cosim.mk mk/checks.mk

# Verilator's own outputs (VGEN/rtl) hold thousands of .d files of its own: only the harness
# models' (model.d) are read from there. A bench tree elsewhere (VBUILD: a mutant's, under
# build/mut, which the plain build skips) has its own: without them its benches would keep
# objects compiled against headers that have changed since.
-include $(shell find $(BUILD) -path '$(VGEN)/rtl' -prune -o -name mut -prune -o -name '*.d' -print \
             2>/dev/null) $(wildcard $(VGEN)/rtl/*/model.d) \
         $(if $(filter-out $(BUILD),$(VBUILD)),$(shell find $(VBUILD) -path '$(VBUILD)/rtl' -prune \
             -o -path '$(VBUILD)/xinit' -prune -o -name '*.d' -print 2>/dev/null))

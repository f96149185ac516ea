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

# --- RTL (L2): Verilated tile_top sizes for the rtl engine, when Verilator is present --------
VERILATOR ?= verilator
CXX       ?= g++
NPROC     := $(shell nproc 2>/dev/null || echo 2)
HAVE_VERILATOR := $(shell command -v $(VERILATOR) 2>/dev/null)
ifeq ($(MEMCHECK),1)
HAVE_VERILATOR :=
endif
# RTL_DIR and VBUILD let tb/mutants.sh build a mutated copy of rtl/ beside the real one.
RTL_DIR   ?= rtl
VBUILD    ?= $(BUILD)
RTL_SRC   := $(addprefix $(RTL_DIR)/,tile_top.v tile_pulse_seq.v tile_adc_rd.v tile_wxfer_ctl.v \
             tile_seq_line.v tile_adc_line.v tile_wx_col.v tile_popcount.v)
RTL_CODE_W := 9
RTL_ADC_W  := 10
# The tile sizes (rows x cols x adc_share) the rtl engine can run: the default network's layers.
RTL_SIZES ?= 785x250x1 251x125x1 126x10x1
VLT_INC   := $(shell $(PKG) --cflags verilator 2>/dev/null)
VLT_ROOT  := /usr/share/verilator/include
CXXFLAGS_RTL = -std=gnu++17 -O2 -Iinclude -Icsim/rtl $(VLT_INC) -DVM_TRACE=1 -DVM_TRACE_FST=1 \
               -DVM_COVERAGE=0 -DVM_SC=0 -Wno-attributes
VLT_RT    := $(VBUILD)/rtl/vlt/verilated.o $(VBUILD)/rtl/vlt/verilated_threads.o \
             $(VBUILD)/rtl/vlt/verilated_fst_c.o
ifneq ($(HAVE_VERILATOR),)
RTL_ENGINE := $(BUILD)/csim/rtl/rtl_dut.o \
              $(foreach s,$(RTL_SIZES),$(VBUILD)/rtl/top_$(s)/model.o $(VBUILD)/rtl/top_$(s)/libtop.a) \
              $(VLT_RT)
RTL_LIBS   := -lz -lpthread -latomic
endif
sz = $(word $(2),$(subst x, ,$(1)))
.SECONDARY:

# One Verilated size: parameters from the directory name (top_ROWSxCOLSxSHARE).
$(VBUILD)/rtl/top_%/libtop.a: $(RTL_SRC) rtl/lint_waivers.vlt
	@mkdir -p $(@D)
	$(call say,VLT,$(@D))$(VERILATOR) --cc -Wall --trace-fst \
	    --prefix Vtile_top_$* --top-module tile_top -Mdir $(@D) \
	    -GRows=$(call sz,$*,1) -GCols=$(call sz,$*,2) -GShare=$(call sz,$*,3) \
	    -GCodeW=$(RTL_CODE_W) -GAdcW=$(RTL_ADC_W) $(abspath rtl/lint_waivers.vlt $(RTL_SRC))
	+$(Q)$(MAKE) -s -C $(@D) -f Vtile_top_$*.mk OPT_FAST=-O2 Vtile_top_$*__ALL.a >/dev/null
	$(Q)ln -f $(@D)/Vtile_top_$*__ALL.a $@

$(VBUILD)/rtl/top_%/model.cpp: Makefile | $(VBUILD)/rtl/top_%/libtop.a
	$(Q)printf '#include "Vtile_top_%s.h"\n#include "Vtile_top_%s___024root.h"\n#include "rtl_dut.hpp"\nXT_RTL_MODEL(Vtile_top_%s, %s, %s, %s, %s, %s, true)\n' \
	    $* $* $* $(call sz,$*,1) $(call sz,$*,2) $(call sz,$*,3) $(RTL_CODE_W) $(RTL_ADC_W) > $@

$(VBUILD)/rtl/top_%/model.o: $(VBUILD)/rtl/top_%/model.cpp $(VBUILD)/rtl/top_%/libtop.a csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp include/xtile/tile_top.h
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -I$(@D) -c $< -o $@

$(BUILD)/csim/rtl/%.o: csim/rtl/%.cpp csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -c $< -o $@

$(VBUILD)/rtl/vlt/%.o: $(VLT_ROOT)/%.cpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -c $< -o $@

# --- co-simulation benches (tb/) -------------------------------------------------------------
# SystemC tile bench sizes (rows x cols x adc_share)
SC_SIZES  ?= 9x4x1 33x16x3 126x10x1
TB_C_OBJ  := $(VBUILD)/tb/lockstep.o $(VBUILD)/tb/tile_bench.o
VLT_RT_SC := $(VBUILD)/rtl/vltsc/verilated.o $(VBUILD)/rtl/vltsc/verilated_threads.o \
             $(VBUILD)/rtl/vltsc/verilated_fst_c.o $(VBUILD)/rtl/vltsc/verilated_fst_sc.o
SC_LIBS   := $(foreach s,$(SC_SIZES),$(VBUILD)/rtl/sc_$(s)/libsc.a)
LINK_LIB   = -Wl,--start-group $(BUILD)/libxtile.a $(RTL_ENGINE) -Wl,--end-group $(PKG_LIBS) $(RTL_LIBS)

$(VBUILD)/tb/%.o: tb/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Itb -c $< -o $@

$(VBUILD)/tb/tb_tile_top.o: tb/tb_tile_top.cpp tb/tile_bench.h tb/lockstep.h
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -Itb -c $< -o $@

$(VBUILD)/tb/tb_tile_top: $(VBUILD)/tb/tb_tile_top.o $(TB_C_OBJ) $(BUILD)/libxtile.a $(RTL_ENGINE)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top.o $(TB_C_OBJ) $(LINK_LIB)

$(VBUILD)/rtl/sc_%/libsc.a: $(RTL_SRC) rtl/lint_waivers.vlt
	@mkdir -p $(@D)
	$(call say,VLT,$(@D))$(VERILATOR) --sc -Wall --trace-fst \
	    --prefix Vsc_$* --top-module tile_top -Mdir $(@D) \
	    -GRows=$(call sz,$*,1) -GCols=$(call sz,$*,2) -GShare=$(call sz,$*,3) \
	    -GCodeW=$(RTL_CODE_W) -GAdcW=$(RTL_ADC_W) $(abspath rtl/lint_waivers.vlt $(RTL_SRC))
	+$(Q)$(MAKE) -s -C $(@D) -f Vsc_$*.mk OPT_FAST=-O2 Vsc_$*__ALL.a >/dev/null
	$(Q)ln -f $(@D)/Vsc_$*__ALL.a $@

$(VBUILD)/tb/sc_models.hpp: Makefile | $(SC_LIBS)
	@mkdir -p $(@D)
	$(Q){ $(foreach s,$(SC_SIZES),printf '#include "Vsc_%s.h"\n#include "Vsc_%s___024root.h"\n' $(s) $(s);) \
	  printf '#define XT_CODE_W %s\n#define XT_ADC_W %s\n#define SC_MODELS(X)' $(RTL_CODE_W) $(RTL_ADC_W); \
	  $(foreach s,$(SC_SIZES),printf ' X(Vsc_%s, %s, %s, %s)' $(s) $(call sz,$(s),1) $(call sz,$(s),2) $(call sz,$(s),3);) \
	  echo; } > $@

$(VBUILD)/tb/tb_tile_top_sc.o: tb/tb_tile_top_sc.cpp tb/sc_dut.hpp tb/tile_bench.h $(VBUILD)/tb/sc_models.hpp
	$(call say,CXX,$<)$(CXX) $(subst -DVM_SC=0,-DVM_SC=1,$(CXXFLAGS_RTL)) -Itb -I$(BUILD)/tb \
	    $(foreach s,$(SC_SIZES),-I$(VBUILD)/rtl/sc_$(s)) -c $< -o $@

SC_CXX = $(CXX) $(subst -DVM_SC=0,-DVM_SC=1,$(CXXFLAGS_RTL)) -Itb -I$(VBUILD)/tb \
         $(foreach s,$(SC_SIZES),-I$(VBUILD)/rtl/sc_$(s))

$(VBUILD)/tb/sc_dut.o: tb/sc_dut.cpp tb/sc_dut.hpp csim/rtl/rtl_regs.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(SC_CXX) -c $< -o $@

$(VBUILD)/tb/bench_tile.o: bench/bench_tile.cpp tb/sc_dut.hpp $(VBUILD)/tb/sc_models.hpp
	$(call say,CXX,$<)$(SC_CXX) -c $< -o $@

# The same tile on the C twin, the C++ model (the rtl engine's) and the SystemC model.
$(VBUILD)/tb/bench_tile: $(VBUILD)/tb/bench_tile.o $(VBUILD)/tb/sc_dut.o $(BUILD)/libxtile.a $(SC_LIBS) $(RTL_ENGINE) $(VLT_RT_SC)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/bench_tile.o $(VBUILD)/tb/sc_dut.o $(SC_LIBS) \
	    -Wl,--start-group $(BUILD)/libxtile.a $(filter-out $(VLT_RT),$(RTL_ENGINE)) $(VLT_RT_SC) -Wl,--end-group \
	    $(PKG_LIBS) -lsystemc -lz -lpthread -latomic

$(VBUILD)/tb/tb_tile_top_sc: $(VBUILD)/tb/tb_tile_top_sc.o $(VBUILD)/tb/sc_dut.o $(TB_C_OBJ) $(BUILD)/libxtile.a $(SC_LIBS) $(VLT_RT_SC)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top_sc.o $(VBUILD)/tb/sc_dut.o $(TB_C_OBJ) $(SC_LIBS) \
	    $(VLT_RT_SC) -Wl,--start-group $(BUILD)/libxtile.a -Wl,--end-group $(PKG_LIBS) -lsystemc -lz -lpthread -latomic

# Block benches: tb/tb_<module>.cpp against three Verilated sizes each (one of the default
# network's largest layer, 785 x 250); $(1) short name, $(2) module, $(3) $(4) the size parameters,
# $(5) the width parameter and its value, $(6) the sizes.
define BLOCK_BENCH
$(1)_LIBS := $$(foreach s,$(6),$$(VBUILD)/rtl/$(1)_$$(s)/lib.a)
$$(VBUILD)/rtl/$(1)_%/lib.a: $$(RTL_SRC) rtl/lint_waivers.vlt
	@mkdir -p $$(@D)
	$$(call say,VLT,$$(@D))$$(VERILATOR) --cc -Wall --trace-fst \
	    --prefix V$(1)_$$* --top-module $(2) -Mdir $$(@D) -G$(3)=$$(call sz,$$*,1) \
	    -G$(4)=$$(call sz,$$*,2) -G$(5) $$(abspath rtl/lint_waivers.vlt $$(RTL_SRC))
	+$$(Q)$$(MAKE) -s -C $$(@D) -f V$(1)_$$*.mk OPT_FAST=-O2 V$(1)_$$*__ALL.a >/dev/null
	$$(Q)ln -f $$(@D)/V$(1)_$$*__ALL.a $$@
$$(VBUILD)/tb/$(1)_models.hpp: Makefile | $$($(1)_LIBS)
	@mkdir -p $$(@D)
	$$(Q){ $$(foreach s,$(6),printf '#include "V$(1)_%s.h"\n#include "V$(1)_%s___024root.h"\n' $$(s) $$(s);) \
	  printf '#define XT_CODE_W %s\n#define XT_ADC_W %s\n#define MODELS(X)' $$(RTL_CODE_W) $$(RTL_ADC_W); \
	  $$(foreach s,$(6),printf ' X(V$(1)_%s, %s, %s)' $$(s) $$(call sz,$$(s),1) $$(call sz,$$(s),2);) \
	  echo; } > $$@
$$(VBUILD)/tb/tb_$(2).o: tb/tb_$(2).cpp tb/tb_block.hpp tb/lockstep.h $$(VBUILD)/tb/$(1)_models.hpp
	$$(call say,CXX,$$<)$$(CXX) $$(CXXFLAGS_RTL) -Itb -I$$(BUILD)/tb \
	    $$(foreach s,$(6),-I$$(VBUILD)/rtl/$(1)_$$(s)) -c $$< -o $$@
$$(VBUILD)/tb/tb_$(2): $$(VBUILD)/tb/tb_$(2).o $$(TB_C_OBJ) $$(BUILD)/libxtile.a $$($(1)_LIBS) $$(VLT_RT)
	$$(call say,LD,$$@)$$(CXX) $$(OPT) -o $$@ $$(VBUILD)/tb/tb_$(2).o $$(TB_C_OBJ) $$($(1)_LIBS) \
	    $$(VLT_RT) -Wl,--start-group $$(BUILD)/libxtile.a -Wl,--end-group $$(PKG_LIBS) -lz -lpthread -latomic
endef
$(eval $(call BLOCK_BENCH,seq,tile_pulse_seq,Rows,Cols,CodeW=$(RTL_CODE_W),4x3 33x16 785x250))
$(eval $(call BLOCK_BENCH,adc,tile_adc_rd,Lines,Share,AdcW=$(RTL_ADC_W),8x1 61x4 785x1))
$(eval $(call BLOCK_BENCH,wx,tile_wxfer_ctl,Rows,Cols,AdcW=$(RTL_ADC_W),4x3 33x16 785x250))
COSIM_BINS := $(VBUILD)/tb/tb_tile_pulse_seq $(VBUILD)/tb/tb_tile_adc_rd $(VBUILD)/tb/tb_tile_wxfer_ctl \
              $(VBUILD)/tb/tb_tile_top_sc $(VBUILD)/tb/tb_tile_top

# --- synthesis (synth/): Yosys reports in $(BUILD)/synth, each block and tile_top -------------
# tile_top at the default network's tile sizes (rows x cols x share; CodeW, AdcW as the RTL engine's),
# the blocks at one size each; synth/synth.sh writes NAME.txt, .json, .inst, .v (netlist) and .log.
SYNTH_DIR    := $(BUILD)/synth
SYNTH_TOPS   ?= 785x250x1 251x125x1 126x10x1
SYNTH_BLOCKS := tile_pulse_seq:Rows=64:Cols=32 tile_adc_rd:Lines=64:Share=1 \
                tile_wxfer_ctl:Rows=64:Cols=32
SYN_TOP_NAME  = tile_top_$(1)_c$(RTL_CODE_W)_a$(RTL_ADC_W)
blk_name      = $(subst :,_,$(subst =,,$(1)))
SYNTH_REPORTS := $(foreach s,$(SYNTH_TOPS),$(SYNTH_DIR)/$(call SYN_TOP_NAME,$(s)).json) \
                 $(foreach b,$(SYNTH_BLOCKS),$(SYNTH_DIR)/$(call blk_name,$(b)).json)
SYNTH_DEPS    := $(RTL_SRC) synth/flow.ys synth/synth.sh

$(SYNTH_DIR)/tile_top_%_c$(RTL_CODE_W)_a$(RTL_ADC_W).json: $(SYNTH_DEPS)
	$(Q)synth/synth.sh $(SYNTH_DIR) $(call SYN_TOP_NAME,$*) tile_top Rows=$(call sz,$*,1) \
	    Cols=$(call sz,$*,2) Share=$(call sz,$*,3) CodeW=$(RTL_CODE_W) AdcW=$(RTL_ADC_W)
define SYNTH_BLOCK
$$(SYNTH_DIR)/$(call blk_name,$(1)).json: $$(SYNTH_DEPS)
	$$(Q)synth/synth.sh $$(SYNTH_DIR) $(call blk_name,$(1)) $(subst :, ,$(1))
endef
$(foreach b,$(SYNTH_BLOCKS),$(eval $(call SYNTH_BLOCK,$(b))))

# --- post-synthesis co-simulation: the netlists of tile_top in lockstep (tb/tb_tile_top_syn.cpp)
SYN_SIM_SIZES ?= 9x4x1 33x16x3
SYN_LIBS := $(foreach s,$(SYN_SIM_SIZES),$(VBUILD)/syn/$(s)/libsyn.a $(VBUILD)/syn/$(s)/model.o)

$(VBUILD)/syn/%/libsyn.a: $(SYNTH_DIR)/tile_top_%_c$(RTL_CODE_W)_a$(RTL_ADC_W).json
	@mkdir -p $(@D)
	$(call say,VLT,$(@D))$(VERILATOR) --cc -Wno-fatal -Wno-lint -Wno-style --trace-fst \
	    --prefix Vsyn_$* --top-module tile_top -Mdir $(@D) \
	    $(abspath $(SYNTH_DIR)/$(call SYN_TOP_NAME,$*).v) > $(@D)/verilator.log 2>&1 || \
	    { cat $(@D)/verilator.log; exit 1; }
	+$(Q)$(MAKE) -s -C $(@D) -f Vsyn_$*.mk OPT_FAST=-O1 Vsyn_$*__ALL.a >/dev/null
	$(Q)ln -f $(@D)/Vsyn_$*__ALL.a $@

$(VBUILD)/syn/%/model.o: $(VBUILD)/syn/%/libsyn.a csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp
	$(Q)printf '#include "Vsyn_%s.h"\n#include "rtl_dut.hpp"\nXT_RTL_MODEL(Vsyn_%s, %s, %s, %s, %s, %s, false)\n' \
	    $* $* $(call sz,$*,1) $(call sz,$*,2) $(call sz,$*,3) $(RTL_CODE_W) $(RTL_ADC_W) > $(@D)/model.cpp
	$(call say,CXX,$(@D)/model.cpp)$(CXX) $(CXXFLAGS_RTL) -I$(@D) -c $(@D)/model.cpp -o $@

$(VBUILD)/tb/syn_sizes.hpp: Makefile
	@mkdir -p $(@D)
	$(Q){ printf '#define SYN_SIZES(X)'; \
	  $(foreach s,$(SYN_SIM_SIZES),printf ' X(%s, %s, %s)' $(call sz,$(s),1) $(call sz,$(s),2) $(call sz,$(s),3);) \
	  echo; } > $@

$(VBUILD)/tb/tb_tile_top_syn.o: tb/tb_tile_top_syn.cpp tb/tile_bench.h tb/lockstep.h $(VBUILD)/tb/syn_sizes.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -Itb -I$(VBUILD)/tb -c $< -o $@

$(VBUILD)/tb/tb_tile_top_syn: $(VBUILD)/tb/tb_tile_top_syn.o $(TB_C_OBJ) $(BUILD)/csim/rtl/rtl_dut.o $(SYN_LIBS) $(BUILD)/libxtile.a $(VLT_RT)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top_syn.o $(TB_C_OBJ) \
	    -Wl,--start-group $(BUILD)/libxtile.a $(BUILD)/csim/rtl/rtl_dut.o $(SYN_LIBS) $(VLT_RT) -Wl,--end-group \
	    $(PKG_LIBS) -lz -lpthread -latomic

$(VBUILD)/rtl/vltsc/%.o: $(VLT_ROOT)/%.cpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(subst -DVM_SC=0,-DVM_SC=1,$(CXXFLAGS_RTL)) -c $< -o $@

.PHONY: all run test test-long check check-build bench lint format clean help deps data cosim cosim-run \
        cosim-long cosim-mutants fuzz fuzz-run memcheck memcheck-run synth synth-run cosim-synth \
        cosim-synth-run
.DEFAULT_GOAL := all

all: $(BUILD)/xtile

help:
	@echo "make            build build/xtile"
	@echo "make run        install deps, fetch MNIST, build, train configs/default.ini"
	@echo "make test       install deps, build, run everything CI checks"
	@echo "make test-long  the long checks: full L0 = L1 suites, 2,000 examples through both engines"
	@echo "make bench      training speed (examples/s, median of repeated runs); one tile's"
	@echo "                simulated clocks/s on the C twin, the Verilated C++ and SystemC models"
	@echo "make lint       clang-format of every C file; verilator -Wall, encodings, yosys on rtl/"
	@echo "make cosim      RTL vs C twin in lockstep (block, tile and engine benches)"
	@echo "make cosim-long the benches with 5 more seeds and 4x the cases; the engines on 1,000"
	@echo "                training examples (the first weight transfer included)"
	@echo "make cosim-mutants  deliberate RTL bugs, one at a time: each must fail the co-simulation"
	@echo "make synth      Yosys: every block and tile_top at the default network's tile sizes;"
	@echo "                cells, flip-flops, transistors in build/synth/ (text, JSON, netlists)"
	@echo "make cosim-synth  the Yosys netlists of tile_top in lockstep with the C twin"
	@echo "make fuzz       libFuzzer on the IDX, config and jump-table readers, FUZZ_SECONDS=60"
	@echo "                each (build-fuzz/); a crash leaves its input in build-fuzz/fuzz/"
	@echo "make memcheck   valgrind memcheck on short runs: 4dev, float, cycle engine,"
	@echo "                a checkpoint, SIGTERM and resume, error paths (build-memcheck/)"
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
	@$(MAKE) --no-print-directory -j$(NPROC) check-build SAN=$(SAN)
	@$(MAKE) --no-print-directory check SAN=$(SAN)

# What check runs, built first with every core (the Verilated models take most of the time).
check-build: $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx \
             $(if $(HAVE_VERILATOR),$(COSIM_BINS) $(if $(filter 1,$(SAN)),,$(VBUILD)/tb/tb_tile_top_syn))

# Everything `make test` runs, without the set-up.
check: $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx $(if $(HAVE_VERILATOR),$(COSIM_BINS))
	@echo "== lint"
	$(Q)$(MAKE) --no-print-directory lint
	@echo "== unit tests (Criterion)"
	$(Q)$(BUILD)/tests/unit --color=never -j2
	@echo "== command-line tests"
	$(Q)tests/cli.sh $(BUILD)
	@echo "== checkpoint and resume (SIGKILL, SIGTERM, SIGINT, refusals)"
	$(Q)tests/resume.sh $(BUILD)
	@echo "== sweeps (a grid x seeds, SIGKILL and rerun, refusals)"
	$(Q)tests/sweep.sh $(BUILD)
	@echo "== sweeps through Slurm (a one-node cluster on localhost)"
	$(Q)tests/slurm.sh $(BUILD)
	@echo "== hardware cost report (xtile report; adc_bits and adc_share move it as the hardware would)"
	$(Q)tests/report.sh $(BUILD)
	$(Q)$(if $(HAVE_VERILATOR),$(MAKE) --no-print-directory cosim-run,echo "cosim: no verilator: skipped")
ifneq ($(SAN),1)
	@echo "== synthesis (Yosys)"
	$(Q)$(MAKE) --no-print-directory synth-run
	$(Q)$(if $(HAVE_VERILATOR),$(MAKE) --no-print-directory cosim-synth-run,echo "cosim-synth: no verilator: skipped")
else
	@echo "synthesis and the netlists' co-simulation: not rebuilt under SAN=1 (no C code in them)"
endif

test-long: deps data
	@$(MAKE) --no-print-directory $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx
	$(Q)tests/long.sh $(BUILD)

bench: deps data
	@$(MAKE) --no-print-directory $(BUILD)/bench_train $(if $(HAVE_VERILATOR),$(VBUILD)/tb/bench_tile)
	$(BUILD)/bench_train
	$(if $(HAVE_VERILATOR),SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 $(VBUILD)/tb/bench_tile)

RTL_LINT = $(VERILATOR) --lint-only -Wall rtl/lint_waivers.vlt

lint: $(if $(HAVE_VERILATOR),$(VBUILD)/tb/encodings)
	$(Q)clang-format --dry-run --Werror $(C_FILES)
	@echo "lint: clang-format clean ($(words $(C_FILES)) files)"
ifneq ($(HAVE_VERILATOR),)
	$(Q)for m in tile_pulse_seq tile_adc_rd tile_wxfer_ctl; do $(RTL_LINT) --top-module $$m $(RTL_SRC) || exit 1; done
	$(Q)for g in "" "-GRows=785 -GCols=250" "-GRows=64 -GCols=32 -GShare=4"; do \
	    $(RTL_LINT) --top-module tile_top $$g $(RTL_SRC) || exit 1; done
	@echo "lint: verilator -Wall clean (3 blocks with their slices; tile_top at 3 sizes; waivers: rtl/lint_waivers.vlt)"
	$(Q)tb/check_encodings.sh $(BUILD) $(RTL_DIR)
	$(Q)yosys -q -l $(BUILD)/yosys-lint.log -p 'read_verilog $(RTL_SRC); hierarchy -check -top tile_top; proc' \
	    >/dev/null 2>&1 || { cat $(BUILD)/yosys-lint.log; exit 1; }
	@echo "lint: yosys reads rtl/"
else
	@echo "lint: no verilator: RTL lint skipped (scripts/deps.sh installs it)"
endif

$(VBUILD)/tb/encodings: tb/encodings.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $<

cosim: deps data
	@$(MAKE) --no-print-directory cosim-run

cosim-run: $(BUILD)/xtile $(COSIM_BINS)
	@echo "== co-simulation (RTL vs C twin)"
	$(Q)tests/cosim.sh $(BUILD)

cosim-long: deps data
	@$(MAKE) --no-print-directory $(BUILD)/xtile $(COSIM_BINS)
	$(Q)for s in 2 3 4 5 6; do XTILE_RTL_EXAMPLES=0 tests/cosim.sh $(BUILD) +seed=$$s +scale=4 || exit 1; done
	$(Q)XTILE_RTL_EXAMPLES=1000 tests/cosim.sh $(BUILD) +seed=7

synth: deps
	@$(MAKE) --no-print-directory synth-run

synth-run:
	@rm -f $(SYNTH_DIR)/summary.txt
	$(Q)+$(MAKE) --no-print-directory -j$(NPROC) $(SYNTH_REPORTS)
	$(Q)synth/summary.sh $(SYNTH_DIR) $(notdir $(SYNTH_REPORTS:.json=))

cosim-synth: deps data
	@$(MAKE) --no-print-directory cosim-synth-run

cosim-synth-run: $(VBUILD)/tb/tb_tile_top_syn
	@echo "== post-synthesis co-simulation (Yosys netlists vs C twin)"
	$(Q)$(VBUILD)/tb/tb_tile_top_syn

cosim-mutants: deps data
	$(Q)tb/mutants.sh $(BUILD)

memcheck: deps data
	@$(MAKE) --no-print-directory MEMCHECK=1 memcheck-run

memcheck-run: $(BUILD)/xtile
	$(Q)tests/memcheck.sh $(BUILD)

# --- fuzzing: libFuzzer harnesses of the three file readers (tests/fuzz/) ---------------------
FUZZERS      := idx config jt
FUZZ_SECONDS ?= 60

fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-run

fuzz-run: $(foreach f,$(FUZZERS),$(BUILD)/fuzz/fuzz_$(f))
	$(Q)tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZERS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libxtile.a
	@mkdir -p $(@D)
	$(call say,FUZZ,$@)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(subst fuzzer-no-link,fuzzer,$(OPT)) \
	    -o $@ $< $(BUILD)/libxtile.a $(PKG_LIBS)

format:
	$(Q)clang-format -i $(C_FILES)

clean:
	rm -rf build build-san build-fuzz build-memcheck

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libxtile.a: $(LIB_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/xtile: $(BUILD)/csim/app/main.o $(BUILD)/csim/app/sweep_cmd.o $(BUILD)/csim/app/report_cmd.o \
                $(BUILD)/libxtile.a $(RTL_ENGINE)
	$(call say,LD,$@)$(if $(RTL_ENGINE),$(CXX) $(OPT),$(CC) $(ALL_CFLAGS)) -o $@ $^ $(PKG_LIBS) $(RTL_LIBS)

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(filter -I% -D%,$(CRIT_FLAGS)) -c $< -o $@

$(BUILD)/tests/unit: $(TEST_OBJ) $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(CRIT_FLAGS) $(PKG_LIBS)

$(BUILD)/tests/mkidx: $(BUILD)/tests/tools/mkidx.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench_train: $(BUILD)/bench/bench_train.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(shell find $(BUILD) -name rtl -prune -o -name mut -prune -o -name '*.d' -print 2>/dev/null)

# mk/rtl.mk - the Verilated tile_top models of the rtl engine (L2), when Verilator is present

VERILATOR ?= verilator
CXX       ?= g++
HAVE_VERILATOR := $(shell command -v $(VERILATOR) 2>/dev/null)
ifeq ($(MEMCHECK),1)
HAVE_VERILATOR :=
endif
# RTL_DIR and VBUILD let tb/mutants.sh build a mutated copy of rtl/ beside the real one.
RTL_DIR   ?= rtl
VBUILD    ?= $(BUILD)
# VGEN: where the Verilated models are built (rtl/, syn/). They are compiled without $(OPT), so
# a SAN=1 build links the plain tree's (Makefile) instead of Verilating and compiling them again.
VGEN      ?= $(VBUILD)
RTL_SRC   := $(addprefix $(RTL_DIR)/,tile_top.v tile_pulse_seq.v tile_adc_rd.v tile_wxfer_ctl.v \
             tile_seq_line.v tile_adc_line.v tile_wx_col.v tile_popcount.v)
RTL_CODE_W := 9
RTL_ADC_W  := 10
# The tile sizes (rows x cols x adc_share) the rtl engine can run: the default network's layers,
# and the small network of the tests (20,16,10: tests/cli.sh runs the Nature cell on all engines)
RTL_SIZES ?= 785x250x1 251x125x1 126x10x1 21x16x1 17x10x1
VLT_INC   := $(shell $(PKG) --cflags verilator 2>/dev/null)
VLT_ROOT  := $(if $(HAVE_VERILATOR),$(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include)
# -MMD -MP: a C header the C++ sides include (tile_top.h and what it includes) rebuilds them
# VM_COV=1: models with Verilator's coverage points (make coverage builds them in build/cov/)
VM_COV    ?= 0
CXXFLAGS_RTL = -std=gnu++17 -O2 -Iinclude -Icsim/rtl $(VLT_INC) -DVM_TRACE=1 -DVM_TRACE_FST=1 \
               -DVM_COVERAGE=$(VM_COV) -DVM_SC=0 -Wno-attributes -MMD -MP
VLT_RT    := $(VGEN)/rtl/vlt/verilated.o $(VGEN)/rtl/vlt/verilated_threads.o \
             $(VGEN)/rtl/vlt/verilated_fst_c.o $(if $(filter 1,$(VM_COV)),$(VGEN)/rtl/vlt/verilated_cov.o)
ifneq ($(HAVE_VERILATOR),)
RTL_ENGINE := $(BUILD)/csim/rtl/rtl_dut.o \
              $(foreach s,$(RTL_SIZES),$(VGEN)/rtl/top_$(s)/model.o $(VGEN)/rtl/top_$(s)/libtop.a) \
              $(VLT_RT)
RTL_LIBS   := -lz -lpthread -latomic
endif
GEN_HARNESS := scripts/gen-harness.sh
# More Verilator options and the C++ optimization of the generated code (measured with them:
# docs/decisions.md, "Speed where users wait, first steps").
VLT_FLAGS    ?=
VLT_OPT_FAST ?= -O2

# VLT_HIER: the per-line modules kept one C++ class each (rtl/hier.vlt): every model but the rtl
# engine's, whose rule empties it (inlined, they evaluate about twice as fast).
VLT_HIER     = rtl/hier.vlt
# VLT_VIEW: the view of the lines. Empty: the per-line modules (what synthesis reads); the rtl
# engine's models take the lines as vectors in their parents (TILE_LINE_VECTORS, about 1.5x
# faster again; make equiv proves the two views equal, docs/decisions.md "The lines as vectors").
VLT_VIEW     =

# $(call VERILATE,KIND,PREFIX,TOP,PARAMS): rtl/ (TOP, with the -G PARAMS) Verilated as KIND
# (cc or sc) with class prefix PREFIX into $(@D), built there, its archive linked as $@.
define VERILATE
@mkdir -p $(@D)
$(call say,VLT,$(@D))$(VERILATOR) --$(1) -Wall --assert --trace-fst $(VLT_VIEW) $(VLT_FLAGS) --prefix $(2) --top-module $(3) \
    -Mdir $(@D) $(4) $(abspath rtl/lint_waivers.vlt $(VLT_HIER) $(RTL_SRC))
+$(Q)$(MAKE) -s -C $(@D) -f $(2).mk OPT_FAST="$(VLT_OPT_FAST)" $(2)__ALL.a >/dev/null
$(Q)ln -f $(@D)/$(2)__ALL.a $@
endef
# The -G parameters of a tile_top of size ROWSxCOLSxSHARE[xADCW] (AdcW RTL_ADC_W if not given).
top_params = -GRows=$(call sz,$(1),1) -GCols=$(call sz,$(1),2) -GShare=$(call sz,$(1),3) \
             -GCodeW=$(RTL_CODE_W) -GAdcW=$(or $(call sz,$(1),4),$(RTL_ADC_W))

# One Verilated size: parameters from the directory name (top_ROWSxCOLSxSHARE); the lines as
# vectors (VLT_VIEW), the per-line modules that remain (the transfer's columns) inlined (no
# VLT_HIER).
$(VGEN)/rtl/top_%/libtop.a: VLT_HIER =
$(VGEN)/rtl/top_%/libtop.a: VLT_VIEW = +define+TILE_LINE_VECTORS
$(VGEN)/rtl/top_%/libtop.a: $(RTL_SRC) rtl/lint_waivers.vlt
	$(call VERILATE,cc,Vtile_top_$*,tile_top,$(call top_params,$*))

$(VGEN)/rtl/top_%/model.cpp: mk/rtl.mk $(GEN_HARNESS) | $(VGEN)/rtl/top_%/libtop.a
	$(Q)$(GEN_HARNESS) model Vtile_top_$* $* $(RTL_CODE_W) $(RTL_ADC_W) true > $@

$(VGEN)/rtl/top_%/model.o: $(VGEN)/rtl/top_%/model.cpp $(VGEN)/rtl/top_%/libtop.a csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp include/xtile/tile_top.h
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -I$(@D) -c $< -o $@

$(BUILD)/csim/rtl/%.o: csim/rtl/%.cpp csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -c $< -o $@

$(VGEN)/rtl/vlt/%.o: $(VLT_ROOT)/%.cpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -c $< -o $@

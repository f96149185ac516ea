# mk/cosim.mk - the co-simulation benches (tb/): the blocks and the tile in lockstep with the
# C twin (C++ and SystemC), the tile bench of make bench, the Yosys netlists of tile_top

# SystemC tile bench sizes (rows x cols x adc_share [x the RTL's AdcW, RTL_ADC_W if not given]):
# the default network's last layer, small tiles with shared converters, one column with a
# converter shared by more lines than it has, and ADCs narrower and wider than the default
SC_SIZES  ?= 9x4x1 33x16x3 126x10x1 2x1x4 12x7x5x6 6x3x2x12
TB_C_OBJ  := $(VBUILD)/tb/lockstep.o $(VBUILD)/tb/tile_bench.o
VLT_RT_SC := $(VGEN)/rtl/vltsc/verilated.o $(VGEN)/rtl/vltsc/verilated_threads.o \
             $(VGEN)/rtl/vltsc/verilated_fst_c.o $(VGEN)/rtl/vltsc/verilated_fst_sc.o \
             $(if $(filter 1,$(VM_COV)),$(VGEN)/rtl/vltsc/verilated_cov.o)
SC_LIBS   := $(foreach s,$(SC_SIZES),$(VGEN)/rtl/sc_$(s)/libsc.a)
LINK_LIB   = -Wl,--start-group $(BUILD)/libxtile.a $(RTL_ENGINE) -Wl,--end-group $(PKG_LIBS) $(RTL_LIBS)
CXXFLAGS_SC = $(subst -DVM_SC=0,-DVM_SC=1,$(CXXFLAGS_RTL))
SC_CXX      = $(CXX) $(CXXFLAGS_SC) -Itb -I$(VBUILD)/tb $(foreach s,$(SC_SIZES),-I$(VGEN)/rtl/sc_$(s))

$(VBUILD)/tb/%.o: tb/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Itb -c $< -o $@

# --- the tile on the rtl engine's C++ models
$(VBUILD)/tb/tb_tile_top.o: tb/tb_tile_top.cpp tb/tile_bench.h tb/lockstep.h
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -Itb -c $< -o $@

$(VBUILD)/tb/tb_tile_top: $(VBUILD)/tb/tb_tile_top.o $(TB_C_OBJ) $(BUILD)/libxtile.a $(RTL_ENGINE)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top.o $(TB_C_OBJ) $(LINK_LIB)

# --- the tile as SystemC models
$(VGEN)/rtl/sc_%/libsc.a: $(RTL_SRC) rtl/lint_waivers.vlt $(VLT_HIER)
	$(call VERILATE,sc,Vsc_$*,tile_top,$(call top_params,$*))

$(VBUILD)/tb/sc_models.hpp: mk/cosim.mk $(GEN_HARNESS) | $(SC_LIBS)
	@mkdir -p $(@D)
	$(Q)$(GEN_HARNESS) list SC_MODELS Vsc $(RTL_CODE_W) $(RTL_ADC_W) $(SC_SIZES) > $@

$(VBUILD)/tb/tb_tile_top_sc.o: tb/tb_tile_top_sc.cpp tb/sc_dut.hpp tb/tile_bench.h $(VBUILD)/tb/sc_models.hpp
	$(call say,CXX,$<)$(SC_CXX) -c $< -o $@

$(VBUILD)/tb/sc_dut.o: tb/sc_dut.cpp tb/sc_dut.hpp csim/rtl/rtl_regs.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(SC_CXX) -c $< -o $@

$(VBUILD)/tb/tb_tile_top_sc: $(VBUILD)/tb/tb_tile_top_sc.o $(VBUILD)/tb/sc_dut.o $(TB_C_OBJ) $(BUILD)/libxtile.a $(SC_LIBS) $(VLT_RT_SC)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top_sc.o $(VBUILD)/tb/sc_dut.o $(TB_C_OBJ) $(SC_LIBS) \
	    $(VLT_RT_SC) -Wl,--start-group $(BUILD)/libxtile.a -Wl,--end-group $(PKG_LIBS) -lsystemc -lz -lpthread -latomic

$(VGEN)/rtl/vltsc/%.o: $(VLT_ROOT)/%.cpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_SC) -c $< -o $@

# The same tile on the C twin, the C++ model (the rtl engine's) and the SystemC model.
$(VBUILD)/tb/bench_tile.o: bench/bench_tile.cpp tb/sc_dut.hpp $(VBUILD)/tb/sc_models.hpp
	$(call say,CXX,$<)$(SC_CXX) -c $< -o $@

$(VBUILD)/tb/bench_tile: $(VBUILD)/tb/bench_tile.o $(VBUILD)/tb/sc_dut.o $(BUILD)/libxtile.a $(SC_LIBS) $(RTL_ENGINE) $(VLT_RT_SC)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/bench_tile.o $(VBUILD)/tb/sc_dut.o $(SC_LIBS) \
	    -Wl,--start-group $(BUILD)/libxtile.a $(filter-out $(VLT_RT),$(RTL_ENGINE)) $(VLT_RT_SC) -Wl,--end-group \
	    $(PKG_LIBS) -lsystemc -lz -lpthread -latomic

# --- block benches: tb/tb_<module>.cpp against three Verilated sizes each (one of the default
# network's largest layer, 785 x 250); $(1) short name, $(2) module, $(3) $(4) the size parameters,
# $(5) the width parameter and its value, $(6) the sizes.
define BLOCK_BENCH
$(1)_LIBS := $$(foreach s,$(6),$$(VGEN)/rtl/$(1)_$$(s)/lib.a)
$$(VGEN)/rtl/$(1)_%/lib.a: $$(RTL_SRC) rtl/lint_waivers.vlt $$(VLT_HIER)
	$$(call VERILATE,cc,V$(1)_$$*,$(2),-G$(3)=$$(call sz,$$*,1) -G$(4)=$$(call sz,$$*,2) -G$(5))
$$(VBUILD)/tb/$(1)_models.hpp: mk/cosim.mk $$(GEN_HARNESS) | $$($(1)_LIBS)
	@mkdir -p $$(@D)
	$$(Q)$$(GEN_HARNESS) list MODELS V$(1) $$(RTL_CODE_W) $$(RTL_ADC_W) $(6) > $$@
$$(VBUILD)/tb/tb_$(2).o: tb/tb_$(2).cpp tb/tb_block.hpp tb/lockstep.h $$(VBUILD)/tb/$(1)_models.hpp
	$$(call say,CXX,$$<)$$(CXX) $$(CXXFLAGS_RTL) -Itb -I$$(VBUILD)/tb \
	    $$(foreach s,$(6),-I$$(VGEN)/rtl/$(1)_$$(s)) -c $$< -o $$@
$$(VBUILD)/tb/tb_$(2): $$(VBUILD)/tb/tb_$(2).o $$(TB_C_OBJ) $$(BUILD)/libxtile.a $$($(1)_LIBS) $$(VLT_RT)
	$$(call say,LD,$$@)$$(CXX) $$(OPT) -o $$@ $$(VBUILD)/tb/tb_$(2).o $$(TB_C_OBJ) $$($(1)_LIBS) \
	    $$(VLT_RT) -Wl,--start-group $$(BUILD)/libxtile.a -Wl,--end-group $$(PKG_LIBS) -lz -lpthread -latomic
endef
SEQ_SIZES ?= 1x1 4x3 33x16 785x250
ADC_SIZES ?= 1x1 5x2 7x3 8x1 61x4 785x1
WX_SIZES  ?= 1x1 4x3 33x16 785x250
$(eval $(call BLOCK_BENCH,seq,tile_pulse_seq,Rows,Cols,CodeW=$(RTL_CODE_W),$(SEQ_SIZES)))
$(eval $(call BLOCK_BENCH,adc,tile_adc_rd,Lines,Share,AdcW=$(RTL_ADC_W),$(ADC_SIZES)))
$(eval $(call BLOCK_BENCH,wx,tile_wxfer_ctl,Rows,Cols,AdcW=$(RTL_ADC_W),$(WX_SIZES)))
# --- the tile bench's cases on the C twin, recorded for Icarus Verilog (tests/icarus.sh)
$(VBUILD)/tb/vectors: $(VBUILD)/tb/vectors.o $(TB_C_OBJ) $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

COSIM_BINS := $(VBUILD)/tb/tb_tile_pulse_seq $(VBUILD)/tb/tb_tile_adc_rd $(VBUILD)/tb/tb_tile_wxfer_ctl \
              $(VBUILD)/tb/tb_tile_top_sc $(VBUILD)/tb/tb_tile_top

# --- post-synthesis co-simulation: the netlists of tile_top (mk/synth.mk) in lockstep
# (tb/tb_tile_top_syn.cpp); a netlist is Verilated without lint (Yosys' names and widths)
SYN_SIM_SIZES ?= 9x4x1 33x16x3
SYN_LIBS := $(foreach s,$(SYN_SIM_SIZES),$(VGEN)/syn/$(s)/libsyn.a $(VGEN)/syn/$(s)/model.o)

$(VGEN)/syn/%/libsyn.a: $(SYNTH_DIR)/tile_top_%_c$(RTL_CODE_W)_a$(RTL_ADC_W).json
	@mkdir -p $(@D)
	$(call say,VLT,$(@D))$(VERILATOR) --cc -Wno-fatal -Wno-lint -Wno-style --trace-fst \
	    --prefix Vsyn_$* --top-module tile_top -Mdir $(@D) \
	    $(abspath $(SYNTH_DIR)/$(call SYN_TOP_NAME,$*).v) > $(@D)/verilator.log 2>&1 || \
	    { cat $(@D)/verilator.log; exit 1; }
	+$(Q)$(MAKE) -s -C $(@D) -f Vsyn_$*.mk OPT_FAST=-O1 Vsyn_$*__ALL.a >/dev/null
	$(Q)ln -f $(@D)/Vsyn_$*__ALL.a $@

$(VGEN)/syn/%/model.o: $(VGEN)/syn/%/libsyn.a csim/rtl/rtl_dut.hpp csim/rtl/rtl_regs.hpp $(GEN_HARNESS)
	$(Q)$(GEN_HARNESS) model Vsyn_$* $* $(RTL_CODE_W) $(RTL_ADC_W) false > $(@D)/model.cpp
	$(call say,CXX,$(@D)/model.cpp)$(CXX) $(CXXFLAGS_RTL) -I$(@D) -c $(@D)/model.cpp -o $@

$(VBUILD)/tb/syn_sizes.hpp: mk/cosim.mk $(GEN_HARNESS)
	@mkdir -p $(@D)
	$(Q)$(GEN_HARNESS) sizes SYN_SIZES $(SYN_SIM_SIZES) > $@

$(VBUILD)/tb/tb_tile_top_syn.o: tb/tb_tile_top_syn.cpp tb/tile_bench.h tb/lockstep.h $(VBUILD)/tb/syn_sizes.hpp
	@mkdir -p $(@D)
	$(call say,CXX,$<)$(CXX) $(CXXFLAGS_RTL) -Itb -I$(VBUILD)/tb -c $< -o $@

$(VBUILD)/tb/tb_tile_top_syn: $(VBUILD)/tb/tb_tile_top_syn.o $(TB_C_OBJ) $(BUILD)/csim/rtl/rtl_dut.o $(SYN_LIBS) $(BUILD)/libxtile.a $(VLT_RT)
	$(call say,LD,$@)$(CXX) $(OPT) -o $@ $(VBUILD)/tb/tb_tile_top_syn.o $(TB_C_OBJ) \
	    -Wl,--start-group $(BUILD)/libxtile.a $(BUILD)/csim/rtl/rtl_dut.o $(SYN_LIBS) $(VLT_RT) -Wl,--end-group \
	    $(PKG_LIBS) -lz -lpthread -latomic

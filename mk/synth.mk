# mk/synth.mk - Yosys synthesis (synth/): reports in $(BUILD)/synth, every block and tile_top

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



# make equiv: blocks at small sizes proven equal to their own netlists (synth/equiv.sh: synthesized
# by the flow above, then Yosys equivalence module by module; the transfer controller and tile_top
# do not close yet, docs/synth.md)
EQUIV_DIR   := $(BUILD)/equiv
EQUIV_CASES := tile_pulse_seq:Rows=4:Cols=3:CodeW=4 tile_adc_rd:Lines=5:Share=2:AdcW=4
EQUIV_STAMPS := $(foreach c,$(EQUIV_CASES),$(EQUIV_DIR)/$(call blk_name,$(c)).proven)
define EQUIV_CASE
$$(EQUIV_DIR)/$(call blk_name,$(1)).proven: $$(SYNTH_DEPS) synth/equiv.sh
	$$(Q)synth/equiv.sh $(2) $$(EQUIV_DIR) $(call blk_name,$(1)) $(subst :, ,$(1))
endef
$(foreach c,$(EQUIV_CASES),$(eval $(call EQUIV_CASE,$(c))))
# where induction does not close: a bounded check from reset, CASE@DEPTH: DEPTH clocks
# (synth/equiv.sh --bounded); the depths are what a minute of SAT reaches
EQUIV_BOUNDED ?= tile_wxfer_ctl:Rows=2:Cols=1:AdcW=4@12 tile_top:Rows=2:Cols=1:CodeW=4:AdcW=4:Share=1@6
bnd_case = $(word 1,$(subst @, ,$(1)))
EQUIV_STAMPS  += $(foreach c,$(EQUIV_BOUNDED),$(EQUIV_DIR)/$(call blk_name,$(call bnd_case,$(c))).proven)
$(foreach c,$(EQUIV_BOUNDED),$(eval $(call EQUIV_CASE,$(call bnd_case,$(c)),--bounded $(word 2,$(subst @, ,$(c))))))
# the two views (synthesis: per-line modules, the popcount tree; simulation: TILE_LINE_VECTORS)
# proven equal at small sizes (synth/equiv.sh --views), into NAME_views.proven
EQUIV_VIEWS  := tile_pulse_seq:Rows=4:Cols=3:CodeW=4 tile_adc_rd:Lines=5:Share=2:AdcW=4 \
                tile_popcount:N=33
EQUIV_STAMPS += $(foreach c,$(EQUIV_VIEWS),$(EQUIV_DIR)/$(call blk_name,$(c))_views.proven)
define EQUIV_VIEW
$$(EQUIV_DIR)/$(call blk_name,$(1))_views.proven: $$(SYNTH_DEPS) synth/equiv.sh
	$$(Q)synth/equiv.sh --views $$(EQUIV_DIR) $(call blk_name,$(1))_views $(subst :, ,$(1))
endef
$(foreach c,$(EQUIV_VIEWS),$(eval $(call EQUIV_VIEW,$(c))))

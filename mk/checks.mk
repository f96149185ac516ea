# mk/checks.mk - the set-up and check targets: run, test, check, lint, bench, cosim, memcheck, fuzz

.PHONY: all run test test-long check check-build bench lint format clean help deps data cosim cosim-run \
        cosim-long cosim-mutants fuzz fuzz-run memcheck memcheck-run synth synth-run cosim-synth \
        cosim-synth-run equiv equiv-run icarus icarus-run cosim-xinit cosim-xinit-run coverage \
        coverage-run

all: $(BUILD)/xtile

help:
	@echo "make            build build/xtile"
	@echo "make run        install deps, fetch MNIST, build, train configs/default.ini"
	@echo "make test       install deps, build, run everything CI checks"
	@echo "make test-long  the long checks: full L0 = L1 suites, 2,000 examples through both engines"
	@echo "make bench      training speed (examples/s, median of repeated runs; one thread and"
	@echo "                the cores); the cycle and rtl engines; one tile's simulated clocks/s"
	@echo "                on the C twin, the Verilated C++ and SystemC models"
	@echo "make lint       clang-format of every C file; the include rule of the layers"
	@echo "                (docs/architecture.md); verilator -Wall, encodings, yosys on rtl/"
	@echo "make cosim      RTL vs C twin in lockstep (block, tile and engine benches)"
	@echo "make cosim-long the benches with 5 more seeds and 4x the cases; the engines on 1,000"
	@echo "                training examples (the first weight transfer included)"
	@echo "make icarus     the tile bench's cases recorded on the C twin and replayed by Icarus"
	@echo "                Verilog against rtl/ (tests/icarus.sh; 3 small sizes)"
	@echo "make cosim-xinit  the SystemC tile bench on models whose every bit starts random"
	@echo "                (--x-initial unique), three seeds: a register reset forgets shows"
	@echo "make coverage   line and toggle coverage of rtl/ in the block and tile benches, per module,"
	@echo "                after tb/coverage_waivers.txt (build/cov/: summary, uncovered points, HTML)"
	@echo "make cosim-mutants  deliberate RTL bugs, one at a time: each must fail the co-simulation"
	@echo "make synth      Yosys: every block and tile_top at the default network's tile sizes;"
	@echo "                cells, flip-flops, transistors in build/synth/ (text, JSON, netlists)"
	@echo "make cosim-synth  the Yosys netlists of tile_top in lockstep with the C twin"
	@echo "make equiv      Yosys: the pulse sequencer and the ADC readout at small sizes proven"
	@echo "                equal to their own netlists, module by module; the transfer controller"
	@echo "                and tile_top checked for 12 and 6 clocks from reset (bounded;"
	@echo "                EQUIV_BOUNDED); the two views of the lines (per-line modules,"
	@echo "                vectors in the parent) proven equal at small sizes (build/equiv/)"
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
	@t0=$$(date +%s); $(MAKE) --no-print-directory -j$(NPROC) check-build SAN=$(SAN) && \
	  echo "== built in $$(($$(date +%s) - t0)) s"
	@$(MAKE) --no-print-directory check SAN=$(SAN)

# What check runs, built first with every core (the Verilated models take most of the time);
# make bench's two programs too, so that a change that breaks them fails the tests.
check-build: $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx $(BUILD)/bench_train $(VBUILD)/tb/vectors \
             $(if $(HAVE_VERILATOR),$(COSIM_BINS) \
                 $(if $(filter 1,$(SAN)),,$(VBUILD)/tb/tb_tile_top_syn $(VBUILD)/tb/bench_tile))

# Everything `make test` runs, without the set-up.
check: $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx $(if $(HAVE_VERILATOR),$(COSIM_BINS))
ifneq ($(SAN),1)
	@echo "== lint [$$(date +%T)]"
	$(Q)$(MAKE) --no-print-directory lint
else
	@echo "lint: run by the plain make test, not again under SAN=1 (nothing it checks changes with the sanitizers)"
endif
	@echo "== unit tests (Criterion) [$$(date +%T)]"
	$(Q)$(BUILD)/tests/unit --color=never -j2
	$(Q)tests/suites.sh $(BUILD)
	$(Q)$(if $(HAVE_VERILATOR),$(MAKE) --no-print-directory cosim-run,echo "cosim: no verilator: skipped")
ifneq ($(SAN),1)
	@echo "== synthesis (Yosys) [$$(date +%T)]"
	$(Q)$(MAKE) --no-print-directory synth-run
	@echo "== formal equivalence (RTL = Yosys netlist) [$$(date +%T)]"
	$(Q)$(MAKE) --no-print-directory equiv-run
	$(Q)$(MAKE) --no-print-directory icarus-run
	$(Q)$(if $(HAVE_VERILATOR),$(MAKE) --no-print-directory cosim-xinit-run,echo "cosim-xinit: no verilator: skipped")
	$(Q)$(if $(HAVE_VERILATOR),$(MAKE) --no-print-directory cosim-synth-run,echo "cosim-synth: no verilator: skipped")
else
	@echo "synthesis, the proofs, Icarus and the netlists' co-simulation: not run again under SAN=1 (their C code runs sanitized in the co-simulation)"
endif

test-long: deps data
	@$(MAKE) --no-print-directory $(BUILD)/xtile $(BUILD)/tests/unit $(BUILD)/tests/mkidx
	$(Q)tests/long.sh $(BUILD)

bench: deps data
	@$(MAKE) --no-print-directory $(BUILD)/bench_train $(if $(HAVE_VERILATOR),$(VBUILD)/tb/bench_tile $(BUILD)/xtile)
	$(BUILD)/bench_train
	$(if $(HAVE_VERILATOR),scripts/bench-rtl.sh $(BUILD))
	$(if $(HAVE_VERILATOR),SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 $(VBUILD)/tb/bench_tile)

RTL_LINT = $(VERILATOR) --lint-only -Wall rtl/lint_waivers.vlt

lint: $(if $(HAVE_VERILATOR),$(VBUILD)/tb/encodings)
	$(Q)clang-format --dry-run --Werror $(C_FILES)
	@echo "lint: clang-format clean ($(words $(C_FILES)) files)"
	$(Q)scripts/check-layers.sh
ifneq ($(HAVE_VERILATOR),)
	$(Q)for v in "" +define+TILE_LINE_VECTORS; do \
	    for m in tile_pulse_seq tile_adc_rd tile_wxfer_ctl; do $(RTL_LINT) $$v --top-module $$m $(RTL_SRC) || exit 1; done; \
	    for g in "" "-GRows=785 -GCols=250" "-GRows=64 -GCols=32 -GShare=4"; do \
	        $(RTL_LINT) $$v --top-module tile_top $$g $(RTL_SRC) || exit 1; done; done
	@echo "lint: verilator -Wall clean (3 blocks with their slices; tile_top at 3 sizes; both views of the lines; waivers: rtl/lint_waivers.vlt)"
	$(Q)tb/check_encodings.sh $(BUILD) $(RTL_DIR)
	$(Q)for v in "" -DTILE_LINE_VECTORS; do \
	    yosys -q -l $(BUILD)/yosys-lint.log -p "read_verilog $$v $(RTL_SRC); hierarchy -check -top tile_top; proc" \
	        >/dev/null 2>&1 || { cat $(BUILD)/yosys-lint.log; exit 1; }; done
	@echo "lint: yosys reads rtl/ (both views of the lines)"
else
	@echo "lint: no verilator: RTL lint skipped (scripts/deps.sh installs it)"
endif

$(VBUILD)/tb/encodings: tb/encodings.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $<

cosim: deps data
	@$(MAKE) --no-print-directory cosim-run

# Under SAN=1 the sanitizers watch the same C code (twin, lockstep, engines) on half the cases
# and 100 training examples: the plain make test runs them all.
COSIM_SAN_ENV  = $(if $(filter 1,$(SAN)),XTILE_RTL_EXAMPLES=100 )
COSIM_SAN_ARGS = $(if $(filter 1,$(SAN)),+scale=0.5)

cosim-run: $(BUILD)/xtile $(COSIM_BINS)
	@echo "== co-simulation (RTL vs C twin) [$$(date +%T)]"
	$(Q)$(COSIM_SAN_ENV)tests/cosim.sh $(BUILD) $(COSIM_SAN_ARGS)

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

equiv: deps
	@$(MAKE) --no-print-directory equiv-run

equiv-run:
	@rm -f $(EQUIV_STAMPS)
	$(Q)+$(MAKE) --no-print-directory -j$(NPROC) $(EQUIV_STAMPS)

icarus: deps
	@$(MAKE) --no-print-directory icarus-run

icarus-run: $(VBUILD)/tb/vectors
	@echo "== a second simulator (Icarus Verilog on vectors of the C twin) [$$(date +%T)]"
	$(Q)RTL_CODE_W=$(RTL_CODE_W) RTL_ADC_W=$(RTL_ADC_W) tests/icarus.sh $(VBUILD)

# The tile bench on models Verilated with every variable's initial value random (and any X
# assignment): Verilator draws them at construction under +verilator+rand+reset+2, so a register
# that reset leaves alone differs from the C twin at once, where the plain build starts it at 0.
XINIT_SIZES ?= 9x4x1 5x3x2
XINIT_SEEDS ?= 1 2 3
cosim-xinit: deps
	@$(MAKE) --no-print-directory cosim-xinit-run

cosim-xinit-run: $(BUILD)/libxtile.a
	@echo "== X-initialized models (random initial values, the tile bench) [$$(date +%T)]"
	$(Q)+$(MAKE) --no-print-directory -s -j$(NPROC) VBUILD=$(BUILD)/xinit SC_SIZES="$(XINIT_SIZES)" \
	    VLT_FLAGS="--x-initial unique --x-assign unique" $(BUILD)/xinit/tb/tb_tile_top_sc
	$(Q)for s in $(XINIT_SEEDS); do \
	    SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 $(BUILD)/xinit/tb/tb_tile_top_sc +seed=$$s \
	        +verilator+rand+reset+2 +verilator+seed+$$s > $(BUILD)/xinit/seed$$s.log 2>&1; rc=$$?; \
	    echo "  seed $$s: $$(grep -v '^ ' $(BUILD)/xinit/seed$$s.log | grep -v '%Error\|^Aborting' | tail -1)"; \
	    if [ $$rc != 0 ]; then grep -m 20 '^MISMATCH\|%Error\|^waveform' $(BUILD)/xinit/seed$$s.log; exit 1; fi; \
	done; echo "cosim-xinit: PASS ($(XINIT_SIZES), seeds $(XINIT_SEEDS))"

# The block and tile benches at their small sizes on models with Verilator's line and toggle
# points (build/cov/; tb/coverage.sh merges and reports them).
COV_MAKE = VBUILD=$(BUILD)/cov VM_COV=1 VLT_FLAGS="--coverage-line --coverage-toggle" \
           SEQ_SIZES="1x1 4x3 33x16" ADC_SIZES="1x1 5x2 7x3 8x1 61x4" WX_SIZES="1x1 4x3 33x16" \
           SC_SIZES="9x4x1 5x3x2 33x16x3 2x1x4 12x7x5x6 6x3x2x12"
coverage: deps data
	@$(MAKE) --no-print-directory coverage-run

coverage-run: $(BUILD)/libxtile.a $(VBUILD)/tb/encodings
	$(Q)+$(MAKE) --no-print-directory -s -j$(NPROC) $(COV_MAKE) $(foreach b,tb_tile_top_sc tb_tile_pulse_seq \
	    tb_tile_adc_rd tb_tile_wxfer_ctl,$(BUILD)/cov/tb/$(b))
	$(Q)tb/coverage.sh $(BUILD)

cosim-synth: deps data
	@$(MAKE) --no-print-directory cosim-synth-run

cosim-synth-run: $(VBUILD)/tb/tb_tile_top_syn
	@echo "== post-synthesis co-simulation (Yosys netlists vs C twin) [$$(date +%T)]"
	$(Q)$(VBUILD)/tb/tb_tile_top_syn

cosim-mutants: deps data
	$(Q)tb/mutants.sh $(BUILD)

memcheck: deps data
	@$(MAKE) --no-print-directory MEMCHECK=1 memcheck-run

memcheck-run: $(BUILD)/xtile
	$(Q)tests/memcheck.sh $(BUILD)

fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-run

fuzz-run: $(foreach f,$(FUZZERS),$(BUILD)/fuzz/fuzz_$(f))
	$(Q)tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZERS)

format:
	$(Q)clang-format -i $(C_FILES)

clean:
	rm -rf build build-san build-fuzz build-memcheck

# mk/lib.mk - the C library (layer by layer), the xtile program, unit tests, bench_train, fuzzers

# The library's layers (docs/architecture.md: a file includes only its own layer and those below).
LIB_DIRS := common nvm array tile engine config dataset train run report study
LIB_SRC  := $(sort $(wildcard $(foreach d,$(LIB_DIRS),csim/$(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard csim/app/*.c)))
TEST_SRC := $(sort $(wildcard tests/test_*.c)) tests/helpers.c
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
C_FILES  := $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

# The version string (git describe) is compiled into version.o alone: rebuilt whenever it
# changes, not only when version.c does, so a run's summary.json names the build it came from.
$(BUILD)/version.stamp: FORCE
	@mkdir -p $(@D); [ "$$(cat $@ 2>/dev/null)" = "$(VERSION)" ] || echo "$(VERSION)" > $@
$(BUILD)/csim/common/version.o: $(BUILD)/version.stamp
.PHONY: FORCE
FORCE:

$(BUILD)/libxtile.a: $(LIB_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

# With Verilator, the program links the rtl engine's models (mk/rtl.mk) and is linked as C++.
$(BUILD)/xtile: $(APP_OBJ) $(BUILD)/libxtile.a $(RTL_ENGINE)
	$(call say,LD,$@)$(if $(RTL_ENGINE),$(CXX) $(OPT),$(CC) $(ALL_CFLAGS)) -o $@ $^ $(PKG_LIBS) $(RTL_LIBS)

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(filter -I% -D%,$(CRIT_FLAGS)) -c $< -o $@

# tb/lockstep.c: the register and output compares of the two-twin tests (test_levels.c)
$(BUILD)/tests/unit: $(TEST_OBJ) $(BUILD)/tb/lockstep.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(CRIT_FLAGS) $(PKG_LIBS)

$(BUILD)/tests/mkidx: $(BUILD)/tests/tools/mkidx.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench_train: $(BUILD)/bench/bench_train.o $(BUILD)/libxtile.a
	$(call say,LD,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

# libFuzzer harnesses of the three file readers (tests/fuzz/), built with FUZZ=1
FUZZERS      := idx config jt
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libxtile.a
	@mkdir -p $(@D)
	$(call say,FUZZ,$@)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(subst fuzzer-no-link,fuzzer,$(OPT)) \
	    -o $@ $< $(BUILD)/libxtile.a $(PKG_LIBS)

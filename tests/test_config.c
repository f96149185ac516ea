/* test_config.c - key table, value checks and INI round trip: every error class */
#include "helpers.h"
#include "xtile/config.h"
#include "xtile/err.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct xt_config c;

static void setup(void)
{
    xt_config_defaults(&c);
}

TestSuite(config, .init = setup);

/* The call fails with -XT_EINVAL, names every needle, and leaves c as it was. */
static void expect_bad(const char *key, const char *value, const char *needle)
{
    struct xt_config before = c;
    int ret = xt_config_set(&c, key, value);

    cr_assert_eq(ret, -XT_EINVAL, "%s=%s accepted", key, value);
    cr_assert_not_null(strstr(xt_errmsg(), key), "'%s' does not name the key", xt_errmsg());
    cr_assert_not_null(strstr(xt_errmsg(), value), "'%s' does not name the value", xt_errmsg());
    cr_assert_not_null(strstr(xt_errmsg(), needle), "'%s' lacks '%s'", xt_errmsg(), needle);
    cr_assert_not_null(strstr(xt_errmsg(), "allowed"), "'%s' does not say what is allowed",
                       xt_errmsg());
    cr_assert(memcmp(&before, &c, sizeof c) == 0, "a rejected value changed the config");
}

Test(config, every_default_passes_its_own_check)
{
    size_t n;
    const struct xt_cfg_key *k = xt_config_keys(&n);

    cr_assert_gt(n, 10);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(xt_config_set(&c, k[i].name, k[i].def), 0, "default of %s: %s", k[i].name,
                     xt_errmsg());
}

Test(config, defaults_are_the_study_network)
{
    cr_assert_eq(c.net.layers.n, 4);
    cr_assert_eq(c.net.layers.size[0], 784);
    cr_assert_eq(c.net.layers.size[3], 10);
    cr_assert_eq(c.train.epochs, 20);
    cr_assert_eq(c.run.seed, 1);
}

Test(config, unknown_key_is_named)
{
    cr_assert_eq(xt_config_set(&c, "train.lrr", "0.1"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "unknown key 'train.lrr'"), "%s", xt_errmsg());
}

Test(config, bad_type_is_rejected)
{
    expect_bad("train.epochs", "abc", "not an integer");
    expect_bad("train.epochs", "3.5", "not an integer");
    expect_bad("train.lr", "fast", "not a finite number");
    expect_bad("train.lr", "nan", "not a finite number");
    expect_bad("run.seed", "-3", "negative");
    expect_bad("net.hidden", "relu", "not a known choice");
    expect_bad("net.layers", "784,,10", "not a list");
    expect_bad("net.layers", "784", "needs an input and an output");
}

Test(config, out_of_range_is_rejected)
{
    expect_bad("train.lr", "-1", "out of range");
    expect_bad("train.lr", "0", "out of range"); /* open lower bound */
    expect_bad("train.epochs", "0", "out of range");
    expect_bad("train.lr_decay", "1.5", "out of range");
    expect_bad("net.layers", "784,0,10", "not a list");
}

Test(config, values_in_range_are_taken)
{
    cr_assert_eq(xt_config_set(&c, "train.lr", "1e-3"), 0);
    cr_assert_float_eq(c.train.lr, 1e-3, 1e-15);
    cr_assert_eq(xt_config_set(&c, "net.layers", "528, 250,125,10"), 0, "%s", xt_errmsg());
    cr_assert_eq(c.net.layers.size[0], 528);
    cr_assert_eq(xt_config_set(&c, "net.hidden", "tanh"), 0);
    cr_assert_eq(c.net.hidden, XT_HIDDEN_TANH);
    cr_assert_eq(xt_config_set(&c, "run.seed", "18446744073709551615"), 0);
    cr_assert_eq(c.run.seed, UINT64_MAX);
}

Test(config, set_pair_needs_an_equals_sign)
{
    cr_assert_eq(xt_config_set_pair(&c, "train.lr"), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "section.key=value"), "%s", xt_errmsg());
    cr_assert_eq(xt_config_set_pair(&c, "train.lr=0.25"), 0);
    cr_assert_float_eq(c.train.lr, 0.25, 1e-15);
}

static const char *write_ini(const char *text)
{
    static char path[256];

    snprintf(path, sizeof path, "%s/c.ini", th_tmpdir());
    th_write(path, text, strlen(text));
    return path;
}

Test(config, ini_file_is_applied)
{
    const char *p = write_ini("; comment\n[train]\nepochs = 3 ; inline\nlr=0.05\n"
                              "[net]\nlayers = 16,8,10\n");

    cr_assert_eq(xt_config_load(&c, p), 0, "%s", xt_errmsg());
    cr_assert_eq(c.train.epochs, 3);
    cr_assert_float_eq(c.train.lr, 0.05, 1e-15);
    cr_assert_eq(c.net.layers.n, 3);
}

Test(config, ini_bad_value_names_file_line_and_key)
{
    const char *p = write_ini("[train]\nepochs = 3\nlr = -1\n");

    cr_assert_eq(xt_config_load(&c, p), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "c.ini:3"), "%s", xt_errmsg());
    cr_assert_not_null(strstr(xt_errmsg(), "train.lr"), "%s", xt_errmsg());
}

Test(config, ini_unknown_key_names_the_line)
{
    const char *p = write_ini("[train]\n\nepoch = 3\n");

    cr_assert_eq(xt_config_load(&c, p), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "c.ini:3"), "%s", xt_errmsg());
    cr_assert_not_null(strstr(xt_errmsg(), "train.epoch"), "%s", xt_errmsg());
}

Test(config, ini_syntax_error_names_the_line)
{
    const char *p = write_ini("[train]\nepochs = 3\nthis line has no equals sign\n");

    cr_assert_eq(xt_config_load(&c, p), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "c.ini:3"), "%s", xt_errmsg());
}

Test(config, ini_missing_file_is_an_io_error)
{
    cr_assert_eq(xt_config_load(&c, "/nonexistent/x.ini"), -XT_EIO);
    cr_assert_not_null(strstr(xt_errmsg(), "/nonexistent/x.ini"), "%s", xt_errmsg());
}

Test(config, ini_overlong_line_is_an_error)
{
    char text[600] = "[data]\ndir = ";
    size_t n = strlen(text);

    memset(text + n, 'a', 400);
    text[n + 400] = '\n';
    text[n + 401] = 0;
    cr_assert_eq(xt_config_load(&c, write_ini(text)), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "longer than"), "%s", xt_errmsg());
}

/* found by make fuzz: a value that a config file cannot hold is refused when set */
Test(config, string_values_are_those_a_config_file_can_hold)
{
    char longdir[300];
    static const char *const bad_values[] = {"a\nb", "tab\there", " lead", "trail ", "x ;y", "; )"};

    memset(longdir, 'd', 193);
    longdir[193] = 0; /* "dir = " + 193 = 199 characters: one too many */
    cr_assert_eq(xt_config_set(&c, "data.dir", longdir), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "at most 198 characters"), "%s", xt_errmsg());
    longdir[192] = 0;
    cr_assert_eq(xt_config_set(&c, "data.dir", longdir), 0, "%s", xt_errmsg());
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        cr_assert_eq(xt_config_set(&c, "lsp.jt_file", bad_values[i]), -XT_EINVAL, "'%s'",
                     bad_values[i]);
        cr_assert_not_null(strstr(xt_errmsg(), "lsp.jt_file"), "%s", xt_errmsg());
        cr_assert_null(strchr(xt_errmsg(), '\n'), "a one-line message: %s", xt_errmsg());
    }
    cr_assert_eq(xt_config_set(&c, "lsp.jt_file", "with space/ok;x.csv"), 0, "%s", xt_errmsg());
}

/* found by make fuzz: inih would take an indented line as more of the previous value */
Test(config, an_indented_line_is_an_ordinary_line)
{
    cr_assert_eq(xt_config_load(&c, write_ini("[data]\ndir = a\n  set = fashion\n")), 0, "%s",
                 xt_errmsg());
    cr_assert_str_eq(c.data.dir, "a");
    cr_assert_eq(c.data.set, 1, "data.set from the indented line");
    cr_assert_eq(xt_config_load(&c, write_ini("[data]\ndir = a\n  more of it\n")), -XT_EINVAL);
    cr_assert_not_null(strstr(xt_errmsg(), "c.ini:3"), "%s", xt_errmsg());
}

Test(config, written_config_reads_back_identical)
{
    struct xt_config back;
    char path[256];
    FILE *f;

    xt_config_set(&c, "train.lr", "0.1");
    xt_config_set(&c, "train.lr_decay", "0.3333333333333333");
    xt_config_set(&c, "net.layers", "20,7,10");
    xt_config_set(&c, "data.dir", "some/where");
    xt_config_set(&c, "run.seed", "123456789012345");
    snprintf(path, sizeof path, "%s/w.ini", th_tmpdir());
    f = fopen(path, "w");
    cr_assert_eq(xt_config_write(&c, f), 0);
    fclose(f);
    xt_config_defaults(&back);
    cr_assert_eq(xt_config_load(&back, path), 0, "%s", xt_errmsg());
    cr_assert(memcmp(&back, &c, sizeof c) == 0, "config changed in the round trip");
}

/* test_sweep.c - a study's points: grid order, zip, device classes, refusals; the JSON reader */
#include "xtile/err.h"
#include "xtile/json.h"
#include "xtile/sweep.h"

#include <criterion/criterion.h>
#include <string.h>

static struct sweep_spec s;

static void setup(void)
{
    memset(&s, 0, sizeof s);
}

TestSuite(sweep, .init = setup);

Test(sweep, a_grid_varies_the_last_parameter_fastest)
{
    char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN];
    uint64_t seed = 5;

    cr_assert_eq(sweep_spec_line(&s, "lsp.dyn_range", "5, 10,20"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "weights.encoding", "2dev 4dev"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "seeds", "3"), 0);
    cr_assert_eq(sweep_spec_check(&s), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_points(&s), 6);
    cr_assert_str_eq(s.x, "lsp.dyn_range");
    cr_assert_str_eq(s.y, "test_accuracy");
    cr_assert_eq(sweep_point_sets(&s, 3, &seed, sets), 2);
    cr_assert_str_eq(sets[0], "lsp.dyn_range=10");
    cr_assert_str_eq(sets[1], "weights.encoding=4dev");
    cr_assert_eq(seed, 5, "the base seed stays");
}

Test(sweep, zip_takes_the_kth_values_together)
{
    char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN];
    uint64_t seed = 1;

    cr_assert_eq(sweep_spec_line(&s, "mode", "zip"), 0);
    cr_assert_eq(sweep_spec_line(&s, "lsp.dyn_range", "5 10 20"), 0);
    cr_assert_eq(sweep_spec_line(&s, "run.seed", "7 8 9"), 0);
    cr_assert_eq(sweep_spec_check(&s), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_points(&s), 3);
    cr_assert_eq(sweep_point_sets(&s, 2, &seed, sets), 2);
    cr_assert_str_eq(sets[0], "lsp.dyn_range=20");
    cr_assert_eq(seed, 9, "a swept run.seed replaces the base seed");
}

Test(sweep, class_keys_set_the_chosen_class_alone)
{
    char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN];
    uint64_t seed = 1;

    cr_assert_eq(sweep_spec_line(&s, "class", "lsp msp"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "class.c2c", "0 0.5"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_check(&s), 0, "%s", xt_errmsg());
    cr_assert_str_eq(s.x, "class.c2c", "x is not the class");
    cr_assert_eq(sweep_point_sets(&s, 1, &seed, sets), 1);
    cr_assert_str_eq(sets[0], "lsp.c2c=0.5");
    cr_assert_eq(sweep_point_sets(&s, 3, &seed, sets), 1);
    cr_assert_str_eq(sets[0], "msp.c2c=0.5");
}

Test(sweep, class_both_sets_the_key_of_each_class)
{
    char sets[SWEEP_MAX_SETS][SWEEP_SET_LEN];
    uint64_t seed = 1;

    cr_assert_eq(sweep_spec_line(&s, "class", "lsp both"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "class.c2c", "0 0.5"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "weights.f", "2 3"), 0, "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_check(&s), 0, "%s", xt_errmsg());
    /* grid, the last parameter fastest: point 7 is both, c2c 0.5, F 3 */
    cr_assert_eq(sweep_point_sets(&s, 7, &seed, sets), 3);
    cr_assert_str_eq(sets[0], "lsp.c2c=0.5");
    cr_assert_str_eq(sets[1], "msp.c2c=0.5");
    cr_assert_str_eq(sets[2], "weights.f=3");
    cr_assert_eq(sweep_point_sets(&s, 1, &seed, sets), 2);
    cr_assert_str_eq(sets[0], "lsp.c2c=0");
}

Test(sweep, bad_sections_are_refused_naming_the_key)
{
    cr_assert_eq(sweep_spec_line(&s, "lsp.dyn_rang", "5"), -XT_EINVAL);
    cr_assert(strstr(xt_errmsg(), "sweep.lsp.dyn_rang"), "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "lsp.dyn_range", "5 0.5"), -XT_EINVAL);
    cr_assert(strstr(xt_errmsg(), "'0.5' is out of range"), "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "class", "lsp hsp"), -XT_EINVAL);
    cr_assert(strstr(xt_errmsg(), "'hsp' is not msp, lsp or both"), "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "class.c2c", "-1"), -XT_EINVAL);
    cr_assert_eq(sweep_spec_line(&s, "seeds", "0"), -XT_EINVAL);
    cr_assert_eq(sweep_spec_check(&s), -XT_EINVAL, "no parameter");
    cr_assert_eq(sweep_spec_line(&s, "class.c2c", "0 1"), 0);
    cr_assert_eq(sweep_spec_check(&s), -XT_EINVAL);
    cr_assert(strstr(xt_errmsg(), "class.KEY needs class"), "%s", xt_errmsg());
}

Test(sweep, labels_name_each_point_of_a_zip)
{
    cr_assert_eq(sweep_spec_line(&s, "mode", "zip"), 0);
    cr_assert_eq(sweep_spec_line(&s, "weights.encoding", "2dev 4dev 2dev"), 0);
    cr_assert_eq(sweep_spec_line(&s, "lsp.c2c", "0 0 1"), 0);
    cr_assert_eq(sweep_spec_line(&s, "labels", "base base"), 0);
    cr_assert_eq(sweep_spec_check(&s), -XT_EINVAL, "two labels for three points");
    cr_assert(strstr(xt_errmsg(), "one per point (3)"), "%s", xt_errmsg());
    cr_assert_eq(sweep_spec_line(&s, "labels", "base base c2c=1"), 0);
    cr_assert_eq(sweep_spec_check(&s), 0, "%s", xt_errmsg());
    cr_assert_str_eq(s.label[2], "c2c=1");
    cr_assert_eq(sweep_spec_line(&s, "mode", "grid"), 0);
    cr_assert_eq(sweep_spec_check(&s), -XT_EINVAL, "labels on a grid");
}

static void collect(void *user, const char *key, double v)
{
    char *out = user;

    snprintf(out + strlen(out), 512 - strlen(out), "%s=%g;", key, v);
}

Test(json, flatten_reports_numeric_members_by_path)
{
    char out[512] = "";

    cr_assert_eq(json_flatten("{\"a\": 1.5, \"s\": \"x,\\\"y\", \"o\": {\"b\": -2e3, \"h\": [1, 2, "
                              "{\"c\": 4}], \"t\": true, \"n\": null}, \"z\": 0}",
                              "t", collect, out),
                 0, "%s", xt_errmsg());
    cr_assert_str_eq(out, "a=1.5;o.b=-2000;z=0;");
    cr_assert_eq(json_flatten("{\"a\": 1,}", "bad.json", collect, out), -XT_EFORMAT);
    cr_assert(strstr(xt_errmsg(), "bad.json: not valid JSON at byte"), "%s", xt_errmsg());
    cr_assert_eq(json_flatten("{\"a\": 1} x", "t", collect, out), -XT_EFORMAT);
    cr_assert_eq(json_flatten("[1]", "t", collect, out), -XT_EFORMAT);
}

/* plot_cmd.c - xtile plot: the pictures of a finished run, drawn by gnuplot in RUNDIR/plots */
#include "app.h"

#include "xtile/err.h"
#include "xtile/plot.h"

#include <stdio.h>
#include <stdlib.h>

static void usage_plot(FILE *f)
{
    fprintf(f, "usage: xtile plot RUNDIR [--baseline RUNDIR]\n"
               "\n"
               "Draws the pictures of a finished run into RUNDIR/plots/, each as SVG and PNG,\n"
               "named in RUNDIR/plots/index.md: accuracy and loss per epoch (with the test\n"
               "accuracy of the --baseline run, e.g. the float network of the same config); for\n"
               "device runs also the transfers' error over the run, cycles and pulse energy per\n"
               "example by phase, conductance histograms of every device slot per layer at the\n"
               "start and the end, and the endurance histograms. Every picture has its gnuplot\n"
               "data file beside it, and plots.gp draws them all again. xtile train draws them\n"
               "at the end of a run (--no-plots skips it).\n"
               "\n"
               "Exit status: 0 done (without gnuplot: the data files and plots.gp only), 1 no\n"
               "finished run or a file that cannot be read, 2 bad usage.\n");
}

int app_plot(const char *rundir, const char *baseline, bool quiet)
{
    char dir[XT_PATH_MAX + 16];
    int nfig, ret = plot_prepare(rundir, baseline, &nfig);

    if (ret)
        return ret;
    if (!app_have_gnuplot()) {
        if (!quiet)
            printf("xtile plot: no gnuplot: %s/plots/plots.gp and its data written, pictures "
                   "not drawn\n",
                   rundir);
        return 0;
    }
    /* gnuplot's warnings (a one-epoch run's empty x range) go to its log, not the terminal */
    snprintf(dir, sizeof dir, "%s/plots", rundir);
    if ((ret = app_gnuplot(dir, "plots.gp", "gnuplot.log")) != 0)
        return ret;
    if (!quiet)
        printf("xtile plot: %d pictures in %s/plots (index.md names them)\n", nfig, rundir);
    return 0;
}

enum { OPT_BASELINE = 256 };

static const struct option plot_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {NULL, 0, NULL, 0},
};

int cmd_plot(int argc, char **argv)
{
    const char *baseline = NULL;
    int c, ret;

    while ((c = app_getopt(argc, argv, "h", plot_opts)) != -1) {
        switch (c) {
        case 'h': usage_plot(stdout); return 0;
        case OPT_BASELINE: baseline = optarg; break;
        default: return app_die(-XT_EINVAL);
        }
    }
    if (argc - optind != 1)
        return app_die(xt_fail(XT_EINVAL, "xtile plot needs one RUNDIR (see --help)"));
    ret = app_plot(argv[optind], baseline, false);
    return ret ? app_die(ret) : 0;
}

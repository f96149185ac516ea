/* main.c - the xtile command line: dispatches to one command per file */
#include "app.h"

#include "xtile/version.h"

#include <stdio.h>
#include <string.h>

static void usage_main(FILE *f)
{
    fprintf(f, "usage: xtile COMMAND [ARGS]\n"
               "\n"
               "Simulator of an analog in-memory training tile (MSP/LSP weights in NVM devices).\n"
               "\n"
               "commands:\n"
               "  train    train the network on a dataset and write a run folder\n"
               "  config   print the resolved configuration, or every key (--list)\n"
               "  sweep    run a study: a grid of configuration values x seeds, aggregated\n"
               "  report   what one training example of a run costs: cycles, energy, area\n"
               "  plot     the pictures of a finished run (SVG, PNG) in RUNDIR/plots\n"
               "  budget   the error budget of a config: accuracy lost to each non-ideality\n"
               "  jt-gen   write the jump table of a device class's analytic model\n"
               "\n"
               "xtile COMMAND --help describes a command; xtile --version prints the version.\n");
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"train", cmd_train}, {"config", cmd_config}, {"sweep", cmd_sweep},   {"report", cmd_report},
    {"plot", cmd_plot},   {"jt-gen", cmd_jt_gen}, {"budget", cmd_budget},
};

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help")) {
        usage_main(argc < 2 ? stderr : stdout);
        return argc < 2 ? APP_EXIT_USAGE : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("xtile %s\n", xt_version());
        return 0;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (!strcmp(argv[1], commands[k].name))
            return commands[k].run(argc - 1, argv + 1);
    fprintf(stderr, "xtile: unknown command '%s' (xtile --help lists them)\n", argv[1]);
    return APP_EXIT_USAGE;
}

/* plot.h - the pictures of a finished run: gnuplot data files, one script, an index */
#ifndef XTILE_PLOT_H
#define XTILE_PLOT_H

#include <stddef.h>

/*
 * Writes RUNDIR/plots/: one gnuplot data file per figure (NAME.dat; the
 * conductance figure one per layer), plots.gp, which draws each figure as
 * NAME.svg and NAME.png when run in that folder, and index.md, which names
 * every picture. The figures: accuracy and loss per epoch (with the test
 * accuracy of `baseline`, another finished run folder, when not NULL); for a
 * device run also the transfers' error and non-convergence over the run, the
 * cycles and pulse energy per example by phase, the conductance histograms of
 * every device slot per layer at the start and the end, and the endurance
 * histograms per class. *nfig receives the number of figures.
 *
 * Errors: -XT_EIO naming the file when rundir is no finished run (no
 * summary.json) or a file cannot be read or written; -XT_EFORMAT naming the
 * file and line of a malformed metrics.csv, clt.csv or histogram.
 */
int plot_prepare(const char *rundir, const char *baseline, int *nfig);

#endif

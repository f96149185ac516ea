/* app.h - what the command-line files share */
#ifndef XTILE_APP_H
#define XTILE_APP_H

#include <stddef.h>

/* Prints the recorded error as "xtile: ..." and returns the exit status for err (1 or 2). */
int app_die(int err);

/* xtile sweep (sweep_cmd.c). */
int cmd_sweep(int argc, char **argv);

/* The xtile program's path (/proc/self/exe); 0 or -XT_EIO. */
int app_program(char *buf, size_t n);

/* xtile report (report_cmd.c). */
int cmd_report(int argc, char **argv);
/* The synthesis reports' folder beside the program (build/synth); 0 or -XT_EIO. */
int app_synth_dir(char *buf, size_t n);

#endif

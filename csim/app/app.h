/* app.h - what the command-line files share */
#ifndef XTILE_APP_H
#define XTILE_APP_H

/* Prints the recorded error as "xtile: ..." and returns the exit status for err (1 or 2). */
int app_die(int err);

/* xtile sweep (sweep_cmd.c). */
int cmd_sweep(int argc, char **argv);

#endif

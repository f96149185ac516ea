/* clock.h - wall-clock time for timings */
#ifndef XTILE_CLOCK_H
#define XTILE_CLOCK_H

/* Monotonic wall-clock seconds: for timings and profiles only, never for results. */
double xt_now(void);

#endif

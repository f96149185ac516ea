/* clock.c - monotonic wall-clock seconds for timings */
#include "xtile/clock.h"

#include <time.h>

double xt_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

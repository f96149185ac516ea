/* pool.h - worker threads that run the parts of one job together (--threads) */
#ifndef XTILE_POOL_H
#define XTILE_POOL_H

/*
 * A job is a function called once per part, part 0 on the calling thread and
 * part k on worker k, all parts at once; xt_pool_run returns when every part
 * has. A job must give the same result for any number of parts (the engines
 * split rows and add their integer sums after): the thread count is a speed
 * setting, never a result setting (docs/decisions.md, "Threads").
 */
typedef void (*xt_pool_fn)(void *arg, int part, int parts);

struct xt_pool;

/* A pool of `threads` parts (1..XT_POOL_MAX; 1: no worker is started). 0 or -XT_E*. */
int xt_pool_new(int threads, struct xt_pool **out);
void xt_pool_free(struct xt_pool *p);

/* Parts per job; 1 for NULL. */
int xt_pool_parts(const struct xt_pool *p);

/* Runs fn(arg, k, parts) for every part k; NULL runs fn(arg, 0, 1). */
void xt_pool_run(struct xt_pool *p, xt_pool_fn fn, void *arg);

/* The cores this process may run on (at least 1): the default of --threads. */
int xt_cores(void);

enum { XT_POOL_MAX = 64 };

#endif

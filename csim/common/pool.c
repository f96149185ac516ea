/* pool.c - worker threads that run the parts of one job together */
#define _GNU_SOURCE /* sched_getaffinity */
#include "xtile/pool.h"

#include "xtile/clock.h"
#include "xtile/err.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

/*
 * A job is published by bumping `gen`; a worker spins on it for POOL_SPIN_S
 * (every POOL_CLOCK_SPINS spins it reads the clock and yields, so that another
 * process waiting for the core gets it) and then sleeps on the condition
 * variable, so an idle pool costs no core. Training calls a job
 * within microseconds of the last, but late in an epoch, when most updates are
 * too small to split, the gap between split ones runs to milliseconds: a worker
 * that slept by then takes tens of microseconds to wake, and the caller pays a
 * broadcast (docs/decisions.md, "Threads"). The caller runs part 0 and spins
 * until `left` is 0, yielding the core when a worker is slow to come (another
 * process on it).
 */
#define POOL_SPIN_S 0.01
enum { POOL_CLOCK_SPINS = 64, POOL_YIELD = 1 << 10 };

/*
 * More threads than cores: a spinning thread takes the core a working one
 * needs, so nobody spins (workers sleep at once, the caller yields).
 */

struct worker {
    struct xt_pool *p;
    int part;
    pthread_t tid;
};

struct xt_pool {
    int parts;
    bool spin; /* workers spin before they sleep; not when oversubscribed */
    int yield; /* POOL_YIELD, or 1 when oversubscribed */
    struct worker *w;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    int sleepers; /* workers waiting on wake, under mu */
    atomic_uint gen;
    atomic_int left;
    atomic_bool quit;
    xt_pool_fn fn;
    void *arg;
};

static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static void *work(void *v)
{
    struct worker *w = v;
    struct xt_pool *p = w->p;
    unsigned seen = 0;

    for (;;) {
        unsigned g;
        unsigned spins = 0;
        double until = p->spin ? xt_now() + POOL_SPIN_S : 0.0;

        while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen &&
               !atomic_load_explicit(&p->quit, memory_order_acquire)) {
            if (p->spin && ++spins % POOL_CLOCK_SPINS != 0) {
                relax();
                continue;
            }
            if (p->spin && xt_now() < until) {
                sched_yield(); /* the core to another process, if one waits for it */
                continue;
            }
            pthread_mutex_lock(&p->mu);
            p->sleepers++;
            while (atomic_load(&p->gen) == seen && !atomic_load(&p->quit))
                pthread_cond_wait(&p->wake, &p->mu);
            p->sleepers--;
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->quit))
            return NULL;
        seen = g;
        p->fn(p->arg, w->part, p->parts);
        atomic_fetch_sub_explicit(&p->left, 1, memory_order_release);
    }
}

int xt_pool_new(int threads, struct xt_pool **out)
{
    struct xt_pool *p;

    *out = NULL;
    if (threads < 1 || threads > XT_POOL_MAX)
        return xt_fail(XT_EINVAL, "--threads %d: allowed 1..%d", threads, XT_POOL_MAX);
    if (!(p = calloc(1, sizeof *p)) || !(p->w = calloc((size_t)threads, sizeof *p->w))) {
        free(p);
        return xt_fail(XT_ENOMEM, "cannot allocate a pool of %d threads", threads);
    }
    p->parts = threads;
    p->spin = threads <= xt_cores();
    p->yield = p->spin ? POOL_YIELD : 1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    for (int k = 1; k < threads; k++) {
        p->w[k] = (struct worker){.p = p, .part = k};
        if (pthread_create(&p->w[k].tid, NULL, work, &p->w[k]) != 0) {
            xt_pool_free(p);
            return xt_fail(XT_ENOMEM, "cannot start worker thread %d of %d", k, threads);
        }
        p->started = k;
    }
    *out = p;
    return 0;
}

void xt_pool_free(struct xt_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->quit, true);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    for (int k = 1; k <= p->started; k++)
        pthread_join(p->w[k].tid, NULL);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->mu);
    free(p->w);
    free(p);
}

int xt_pool_parts(const struct xt_pool *p)
{
    return p ? p->parts : 1;
}

void xt_pool_run(struct xt_pool *p, xt_pool_fn fn, void *arg)
{
    int spins = 0;

    if (!p || p->parts == 1) {
        fn(arg, 0, 1);
        return;
    }
    p->fn = fn;
    p->arg = arg;
    atomic_store_explicit(&p->left, p->parts - 1, memory_order_relaxed);
    pthread_mutex_lock(&p->mu); /* a worker going to sleep sees the new job or the broadcast */
    atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
    if (p->sleepers)
        pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    fn(arg, 0, p->parts);
    while (atomic_load_explicit(&p->left, memory_order_acquire) > 0) {
        if (++spins % p->yield == 0)
            sched_yield();
        else
            relax();
    }
}

int xt_cores(void)
{
    cpu_set_t set;

    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set) > XT_POOL_MAX ? XT_POOL_MAX : CPU_COUNT(&set);
    return 1;
}

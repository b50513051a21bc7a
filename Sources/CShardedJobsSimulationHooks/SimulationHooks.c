// The simulator's guard against work escaping its executors (DESIGN 12.2): every job the
// Swift runtime would hand to the global concurrent executor, to a delayed or deadline
// enqueue, or to the main executor goes through these hooks. While a seed runs on the
// calling thread the process aborts loudly; otherwise the job is passed on unchanged.
#include "SimulationHooks.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define SWIFT_CC __attribute__((swiftcall))

typedef SWIFT_CC void (*EnqueueOriginal)(void *job);
typedef SWIFT_CC void (*DelayOriginal)(unsigned long long delay, void *job);
typedef SWIFT_CC void (*DeadlineOriginal)(long long sec, long long nsec, long long tsec, long long tnsec, int clock,
                                          void *job);

extern SWIFT_CC void (*swift_task_enqueueGlobal_hook)(void *job, EnqueueOriginal original);
extern SWIFT_CC void (*swift_task_enqueueGlobalWithDelay_hook)(unsigned long long delay, void *job,
                                                              DelayOriginal original);
extern SWIFT_CC void (*swift_task_enqueueGlobalWithDeadline_hook)(long long sec, long long nsec, long long tsec,
                                                                 long long tnsec, int clock, void *job,
                                                                 DeadlineOriginal original);
extern SWIFT_CC void (*swift_task_enqueueMainExecutor_hook)(void *job, EnqueueOriginal original);

static _Thread_local uint64_t current_seed = 0;
static _Thread_local int seed_running = 0;
static _Atomic uint64_t escapes_outside = 0;

static void escaped(const char *where) {
    fprintf(stderr,
            "sharded-simulate: seed %llu: a job escaped to %s; every task of the core and the client must start "
            "on the worker's executor (SchedulerEnvironment.spawner, ZooKeeperEnvironment.taskExecutor). Aborting.\n",
            (unsigned long long)current_seed, where);
    fflush(stderr);
    abort();
}

static SWIFT_CC void enqueue_global(void *job, EnqueueOriginal original) {
    if (seed_running) escaped("the global concurrent executor (swift_task_enqueueGlobal)");
    atomic_fetch_add(&escapes_outside, 1);
    original(job);
}

static SWIFT_CC void enqueue_delay(unsigned long long delay, void *job, DelayOriginal original) {
    if (seed_running) escaped("a delayed global enqueue (swift_task_enqueueGlobalWithDelay: a real-time sleep)");
    atomic_fetch_add(&escapes_outside, 1);
    original(delay, job);
}

static SWIFT_CC void enqueue_deadline(long long sec, long long nsec, long long tsec, long long tnsec, int clock,
                                      void *job, DeadlineOriginal original) {
    if (seed_running) escaped("a deadline global enqueue (swift_task_enqueueGlobalWithDeadline: a real-time sleep)");
    atomic_fetch_add(&escapes_outside, 1);
    original(sec, nsec, tsec, tnsec, clock, job);
}

static SWIFT_CC void enqueue_main(void *job, EnqueueOriginal original) {
    if (seed_running) escaped("the main executor (swift_task_enqueueMainExecutor)");
    atomic_fetch_add(&escapes_outside, 1);
    original(job);
}

void sharded_simulation_install_hooks(void) {
    swift_task_enqueueGlobal_hook = enqueue_global;
    swift_task_enqueueGlobalWithDelay_hook = enqueue_delay;
    swift_task_enqueueGlobalWithDeadline_hook = enqueue_deadline;
    swift_task_enqueueMainExecutor_hook = enqueue_main;
}

void sharded_simulation_set_seed(uint64_t seed, int running) {
    current_seed = seed;
    seed_running = running;
}

uint64_t sharded_simulation_escapes_outside_seeds(void) {
    return atomic_load(&escapes_outside);
}

#ifndef SHARDED_JOBS_SIMULATION_HOOKS_H
#define SHARDED_JOBS_SIMULATION_HOOKS_H

#include <stdint.h>

/// Installs the Swift runtime's global-enqueue hooks (the global concurrent executor, its
/// delayed and deadline forms, the main executor): any job that reaches one while a seed runs
/// on this thread aborts the process with a message naming the seed and the hook.
void sharded_simulation_install_hooks(void);

/// The seed running on this thread (0 when none: work may then reach the global executor).
void sharded_simulation_set_seed(uint64_t seed, int running);

/// How many jobs reached a global hook outside a seed (they were passed on to the runtime).
uint64_t sharded_simulation_escapes_outside_seeds(void);

#endif

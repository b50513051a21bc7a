import ShardedJobsSimulation

Experiment.run(seed: 1)

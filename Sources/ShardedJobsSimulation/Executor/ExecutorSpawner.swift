@_spi(Simulation) import ShardedJobs

/// The job core's spawner in a simulation: every task prefers the worker's executor, so its
/// jobs enter the seed's ready queue (`Task(executorPreference:)`).
struct ExecutorSpawner: TaskSpawner {
    let executor: SimulationExecutor

    @discardableResult
    func spawn(_ operation: sending @escaping @isolated(any) () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: executor, operation: operation)
    }
}

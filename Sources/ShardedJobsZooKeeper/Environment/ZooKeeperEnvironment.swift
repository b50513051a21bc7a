import ServiceLifecycle

/// What a `ZooKeeperClient` takes from its surroundings: time, the executor of the tasks it
/// starts, and randomness.
///
/// Production uses `ContinuousMonotonicClock`, the global concurrent executor and the system
/// generator (`.production`). A deterministic simulation injects a manual clock, a
/// `TaskExecutor` whose jobs it schedules itself, and a seeded generator, so that the real
/// client — lease, heartbeat, session states, retries — runs on virtual time in one seeded
/// order. Recipes built on a client use the client's environment too.
@_spi(Simulation)
public struct ZooKeeperEnvironment: Sendable {
    /// The clock of every lease, heartbeat, timeout and sleep.
    public var clock: any MonotonicClock
    /// The executor every task the client starts prefers (`Task(executorPreference:)`,
    /// `addTask(executorPreference:)`); nil for the default (global concurrent) executor.
    public var taskExecutor: (any TaskExecutor)?
    /// Where random numbers come from.
    public var random: RandomSource

    /// Creates an environment.
    public init(
        clock: any MonotonicClock = ContinuousMonotonicClock(), taskExecutor: (any TaskExecutor)? = nil,
        random: RandomSource = .system
    ) {
        self.clock = clock
        self.taskExecutor = taskExecutor
        self.random = random
    }

    /// The production environment: continuous time, the default executor, system randomness.
    public static var production: ZooKeeperEnvironment { ZooKeeperEnvironment() }

    /// Starts an unstructured task on the environment's executor.
    @discardableResult
    public func spawn(_ operation: sending @escaping @isolated(any) () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: taskExecutor, operation: operation)
    }

    /// Runs `operation` in a task on the environment's executor and returns its result; the
    /// task is cancelled when the calling task is, or when graceful shutdown begins.
    ///
    /// ServiceLifecycle's `cancelWhenGracefulShutdown` starts a plain task to wake its waiter,
    /// which would escape a simulation's executor (DESIGN 12.2); this one starts nothing else.
    public func cancellingAtGracefulShutdown<Value: Sendable>(
        _ operation: @escaping @Sendable () async -> Value
    ) async -> Value {
        let task = Task(executorPreference: taskExecutor) { await operation() }
        return await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await task.value
            } onGracefulShutdown: {
                task.cancel()
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// Runs `operation`, returning nil if it has not finished within `limit` of the
    /// environment's time (the operation is then cancelled).
    public func withDeadline<Value: Sendable>(
        _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        let clock = self.clock
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask(executorPreference: taskExecutor) { try await operation() }
            group.addTask(executorPreference: taskExecutor) {
                try await clock.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}

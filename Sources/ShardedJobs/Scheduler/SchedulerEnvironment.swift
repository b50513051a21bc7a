import Foundation

/// How the job core reads time, sleeps and starts tasks, and which process it is (DESIGN
/// 12.2): the system's by default; the simulator gives every worker a virtual clock, an
/// executor and a process id of its own.
@_spi(Simulation)
public struct SchedulerEnvironment: Sendable {
    /// Wall-clock time and sleeps.
    public var clock: any SchedulerClock
    /// Where the core's tasks start.
    public var spawner: any TaskSpawner
    /// The process id in the instance id (`{ip}@-@{pid}`).
    public var processID: Int

    /// An environment of the given clock, spawner and process id (this process's by default).
    public init(clock: any SchedulerClock, spawner: any TaskSpawner, processID: Int = Int(getpid())) {
        self.clock = clock
        self.spawner = spawner
        self.processID = processID
    }

    /// The system clock, plain tasks and this process's id.
    public static let live = SchedulerEnvironment(clock: SystemSchedulerClock(), spawner: PlainTaskSpawner())
}

/// Wall-clock time and sleeps for the job core.
@_spi(Simulation)
public protocol SchedulerClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMillis() -> Int64
    /// Sleeps until the wall-clock instant `millis`; throws `CancellationError` when cancelled.
    func sleep(untilMillis millis: Int64) async throws
}

/// Starts the job core's tasks.
@_spi(Simulation)
public protocol TaskSpawner: Sendable {
    /// Starts `operation` as a new task.
    @discardableResult
    func spawn(_ operation: sending @escaping @isolated(any) () async -> Void) -> Task<Void, Never>
}

/// The system's clock.
@_spi(Simulation)
public struct SystemSchedulerClock: SchedulerClock {
    /// The system clock.
    public init() {}

    /// Milliseconds since the Unix epoch, from `Date`.
    public func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Sleeps on the continuous clock for the time left until `millis`.
    public func sleep(untilMillis millis: Int64) async throws {
        let left = millis - nowMillis()
        if left > 0 { try await Task.sleep(for: .milliseconds(left)) } else { try Task.checkCancellation() }
    }
}

/// Plain unstructured tasks on the global executor.
@_spi(Simulation)
public struct PlainTaskSpawner: TaskSpawner {
    /// Plain tasks.
    public init() {}

    /// Starts `operation` with `Task.init`.
    @discardableResult
    public func spawn(_ operation: sending @escaping @isolated(any) () async -> Void) -> Task<Void, Never> {
        Task(operation: operation)
    }
}

extension SchedulerClock {
    /// Sleeps for `duration` from now.
    func sleep(for duration: Duration) async throws {
        try await sleep(untilMillis: nowMillis() + duration.milliseconds)
    }
}

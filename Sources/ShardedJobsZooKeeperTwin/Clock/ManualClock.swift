@_spi(Simulation) import ShardedJobsZooKeeper
import Synchronization

/// A clock whose time moves only when it is told to: the virtual time of tests and of the
/// deterministic simulator.
///
/// `now()` is an atomic read, so the client's lock-free lease can use it from any thread.
/// Sleepers wait until `advance(to:)` (or `advance(by:)`) moves the time to or past their
/// deadline; they are resumed in deadline order (then in the order they began to sleep). A
/// sleeper whose deadline has already passed returns at once. `nextDeadline` tells a
/// simulator where to move time when nothing else can run.
///
/// ```swift
/// let clock = ManualClock()
/// let client = ZooKeeperClient(configuration: …, logger: …, transport: twin.transport(named: "w1"),
///                              environment: ZooKeeperEnvironment(clock: clock))
/// clock.advance(by: .seconds(10))     // the client's lease runs out, its tick loop wakes
/// ```
@_spi(Simulation)
public final class ManualClock: MonotonicClock {
    private struct Sleeper {
        let deadline: Int64
        let continuation: UnsafeContinuation<Void, any Error>
    }

    private struct State {
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
    }

    private let time: Atomic<Int64>
    private let state = Mutex(State())

    /// A clock reading `start` nanoseconds.
    public init(start: Int64 = 0) {
        time = Atomic(start)
    }

    /// The current reading, in nanoseconds.
    public func now() -> Int64 {
        time.load(ordering: .sequentiallyConsistent)
    }

    /// Suspends until the clock has been advanced to `deadline` (returns at once if it has).
    public func sleep(until deadline: Int64) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let immediate: Bool = state.withLock { state in
                    if deadline <= now() { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if immediate {
                    continuation.resume()
                } else if Task.isCancelled {
                    cancel(id)
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func cancel(_ id: Int) {
        let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
        sleeper?.continuation.resume(throwing: CancellationError())
    }

    /// Moves the time forward to `target` (never back) and resumes every sleeper whose
    /// deadline it reached, earliest first.
    public func advance(to target: Int64) {
        let due: [Sleeper] = state.withLock { state in
            if target > now() { time.store(target, ordering: .sequentiallyConsistent) }
            let reached = state.sleepers.filter { $0.value.deadline <= target }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
            for (id, _) in reached { state.sleepers.removeValue(forKey: id) }
            return reached.map(\.value)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the time forward by `duration`.
    public func advance(by duration: Duration) {
        advance(to: now() &+ duration.nanoseconds)
    }

    /// The earliest deadline of a sleeper, or nil when nobody sleeps.
    public var nextDeadline: Int64? {
        state.withLock { $0.sleepers.values.map(\.deadline).min() }
    }

    /// How many tasks sleep on the clock now.
    public var sleeperCount: Int {
        state.withLock { $0.sleepers.count }
    }
}

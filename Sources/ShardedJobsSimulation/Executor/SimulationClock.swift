@_spi(Simulation) import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
import Synchronization

/// The one virtual clock of a seed: the job core's `SchedulerClock` (wall-clock epoch
/// milliseconds), every client's `MonotonicClock` and the twin's clock (nanoseconds since the
/// seed began).
///
/// Time moves only when the seed's loop calls `advance(to:)`, which it does only when nothing
/// is runnable (DESIGN 12.2). Sleepers are resumed in deadline order, then in the order they
/// began to sleep, so the order in which tasks become runnable depends on nothing but the seed.
final class SimulationClock: SchedulerClock, MonotonicClock {
    private struct Sleeper {
        let deadline: Int64
        let order: UInt64
        let continuation: UnsafeContinuation<Void, any Error>
    }

    private struct State {
        var heap: [Sleeper] = []
        var nextOrder: UInt64 = 0
    }

    /// The wall-clock time (epoch ms) at reading 0.
    public let epochMillis: Int64
    private let time = Atomic<Int64>(0)
    private let state = Mutex(State())

    /// A clock whose reading 0 is the wall-clock instant `epochMillis`.
    public init(epochMillis: Int64) {
        self.epochMillis = epochMillis
    }

    /// Nanoseconds since the seed began.
    public func now() -> Int64 {
        time.load(ordering: .relaxed)
    }

    /// The wall-clock time in epoch milliseconds.
    public func nowMillis() -> Int64 {
        epochMillis + now() / 1_000_000
    }

    /// The reading at the wall-clock instant `millis`.
    public func reading(atMillis millis: Int64) -> Int64 {
        (millis - epochMillis) * 1_000_000
    }

    /// Sleeps until the wall-clock instant `millis`.
    public func sleep(untilMillis millis: Int64) async throws {
        try await sleep(until: reading(atMillis: millis))
    }

    /// Sleeps until the reading reaches `deadline`; throws `CancellationError` when cancelled.
    public func sleep(until deadline: Int64) async throws {
        try Task.checkCancellation()
        if deadline <= now() {
            // Nothing to wait for; still a suspension point, as on a real clock.
            await Task.yield()
            return
        }
        let order = state.withLock { state in
            defer { state.nextOrder += 1 }
            return state.nextOrder
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                state.withLock { state in
                    state.heap.append(Sleeper(deadline: deadline, order: order, continuation: continuation))
                    Self.siftUp(&state.heap)
                }
                if Task.isCancelled { cancel(order) }
            }
        } onCancel: {
            cancel(order)
        }
    }

    private func cancel(_ order: UInt64) {
        let sleeper: Sleeper? = state.withLock { state in
            guard let index = state.heap.firstIndex(where: { $0.order == order }) else { return nil }
            let sleeper = state.heap[index]
            Self.remove(at: index, from: &state.heap)
            return sleeper
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }

    /// The earliest deadline of a sleeper, or nil when nobody sleeps.
    public var nextDeadline: Int64? {
        state.withLock { $0.heap.first?.deadline }
    }

    /// Moves the time to `target` (never back) and resumes every sleeper it reached, earliest first.
    public func advance(to target: Int64) {
        if target > now() { time.store(target, ordering: .relaxed) }
        while true {
            let due: Sleeper? = state.withLock { state in
                guard let first = state.heap.first, first.deadline <= target else { return nil }
                Self.remove(at: 0, from: &state.heap)
                return first
            }
            guard let due else { return }
            due.continuation.resume()
        }
    }

    // MARK: The heap (deadline, then order)

    private static func precedes(_ a: Sleeper, _ b: Sleeper) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.order < b.order
    }

    private static func siftUp(_ heap: inout [Sleeper]) {
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func remove(at index: Int, from heap: inout [Sleeper]) {
        let last = heap.removeLast()
        guard index < heap.count else { return }
        heap[index] = last
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        var parent = child
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

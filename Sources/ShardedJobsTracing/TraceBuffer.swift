import ShardedJobs
import Synchronization

/// The bounded buffer between the jobs and the writer: appends never wait; past the capacity
/// (which counts the batch being written) events are dropped and counted.
final class TraceBuffer: Sendable {
    enum Append {
        /// Kept; `wasEmpty` tells the writer to wake up.
        case accepted(wasEmpty: Bool)
        /// Dropped: the buffer is full or closed.
        case dropped
    }

    private struct State {
        var events: [JobTraceEvent] = []
        var inFlight = 0
        var closed = false
        var dropped = 0
        var droppedUnlogged = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func append(_ event: JobTraceEvent) -> Append {
        state.withLock { state in
            guard !state.closed, state.events.count + state.inFlight < capacity else {
                state.dropped += 1
                state.droppedUnlogged += 1
                return .dropped
            }
            state.events.append(event)
            return .accepted(wasEmpty: state.events.count == 1)
        }
    }

    /// Moves up to `limit` events out as the batch in flight (they still count against the
    /// capacity until ``finishBatch(dropped:)``).
    func takeBatch(limit: Int) -> [JobTraceEvent] {
        state.withLock { state in
            let count = min(limit, state.events.count)
            let batch = Array(state.events.prefix(count))
            state.events.removeFirst(count)
            state.inFlight = count
            return batch
        }
    }

    /// The batch in flight is written, or given up (`dropped`, counted).
    func finishBatch(dropped: Bool) {
        state.withLock { state in
            if dropped {
                state.dropped += state.inFlight
                state.droppedUnlogged += state.inFlight
            }
            state.inFlight = 0
        }
    }

    /// Stops accepting events and drops (counts) what is still buffered; returns that count.
    func close() -> Int {
        state.withLock { state in
            state.closed = true
            let left = state.events.count + state.inFlight
            state.dropped += left
            state.droppedUnlogged += left
            state.events.removeAll()
            state.inFlight = 0
            return left
        }
    }

    /// Events dropped since the last call (for the log).
    func takeUnloggedDrops() -> Int {
        state.withLock { state in
            defer { state.droppedUnlogged = 0 }
            return state.droppedUnlogged
        }
    }

    var buffered: Int { state.withLock { $0.events.count + $0.inFlight } }
    var isEmpty: Bool { state.withLock { $0.events.isEmpty } }
    var dropped: Int { state.withLock { $0.dropped } }
}

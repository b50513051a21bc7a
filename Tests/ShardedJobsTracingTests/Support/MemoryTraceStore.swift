import Foundation
import ShardedJobs
import ShardedJobsTracing
import Synchronization
import TestSupport

/// An in-memory twin of a database store that a test can take down and bring back; what it
/// writes and each call it refuses while down are recorded (a test waits on them).
final class MemoryTraceStore: TraceStore {
    struct Down: Error {}

    /// The events written, in order.
    let written = EventLog<JobTraceEvent>()
    /// One entry per call refused while down.
    let refused = EventLog<Int>()
    private let state = Mutex<(isDown: Bool, batches: [Int])>((false, []))

    var events: [JobTraceEvent] { written.events }
    var batchSizes: [Int] { state.withLock { $0.batches } }

    func setDown(_ down: Bool) {
        state.withLock { $0.isDown = down }
    }

    func run() async throws {
        // Nothing to keep open: wait for the cancellation.
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
        continuation.finish()
    }

    func prepare() async throws {
        if state.withLock({ $0.isDown }) {
            refused.record(0)
            throw Down()
        }
    }

    func write(_ events: [JobTraceEvent]) async throws {
        let isDown = state.withLock { state in
            if !state.isDown { state.batches.append(events.count) }
            return state.isDown
        }
        if isDown {
            refused.record(events.count)
            throw Down()
        }
        written.record(contentsOf: events)
    }

    func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] { [] }
    func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] { [] }
}

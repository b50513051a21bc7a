import Foundation
import ShardedJobs
import ShardedJobsTracing
import Synchronization

/// An in-memory twin of a database store that a test can take down and bring back.
final class MemoryTraceStore: TraceStore {
    struct Down: Error {}

    private let state = Mutex<(rows: [JobTraceEvent], isDown: Bool, batches: [Int])>(([], false, []))

    var events: [JobTraceEvent] { state.withLock { $0.rows } }
    var batchSizes: [Int] { state.withLock { $0.batches } }

    func setDown(_ down: Bool) {
        state.withLock { $0.isDown = down }
    }

    func run() async throws {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }  // nothing to keep open
    }

    func prepare() async throws {
        if state.withLock({ $0.isDown }) { throw Down() }
    }

    func write(_ events: [JobTraceEvent]) async throws {
        try state.withLock { state in
            if state.isDown { throw Down() }
            state.rows.append(contentsOf: events)
            state.batches.append(events.count)
        }
    }

    func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] { [] }
    func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] { [] }
}

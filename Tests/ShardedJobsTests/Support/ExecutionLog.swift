@testable import ShardedJobs
import TestSupport

/// Every execution the test jobs saw, in order, shared by all schedulers of a test.
final class ExecutionLog: Sendable {
    struct Execution: Sendable, Hashable {
        let instance: String
        let job: String
        let item: Int
        let fire: Int64
        let source: ExecutionSource
        let parameter: String?
        let token: Int64?
    }

    private let entries = EventLog<Execution>()

    func record(_ execution: Execution) {
        entries.record(execution)
    }

    var all: [Execution] { entries.events }

    /// The scheduled fires seen so far, ascending.
    var fires: [Int64] { Array(Set(all.map(\.fire))).sorted() }

    /// Executions of one fire.
    func executions(ofFire fire: Int64) -> [Execution] { all.filter { $0.fire == fire } }

    /// Waits until `condition` holds, re-checked at each new execution.
    func wait(
        _ what: String, within limit: Duration = .seconds(30), until condition: @escaping @Sendable ([Execution]) -> Bool
    ) async throws {
        try await entries.wait(what, within: limit, until: condition)
    }

    /// Waits until `found` returns a value for the executions so far.
    func first<Value: Sendable>(
        _ what: String, within limit: Duration = .seconds(30), _ found: @escaping @Sendable ([Execution]) -> Value?
    ) async throws -> Value {
        try await entries.first(what, within: limit, found)
    }
}

/// A `SimpleJob` that records each execution in a shared log.
struct RecordingJob: SimpleJob {
    let log: ExecutionLog
    let instance: String
    var work: Duration = .zero

    func execute(_ context: ShardingContext) async throws {
        if work > .zero { try await Task.sleep(for: work) }
        try context.checkLease()
        log.record(
            .init(
                instance: instance, job: context.jobName, item: context.shardingItem,
                fire: Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded()),
                source: context.source, parameter: context.shardingParameter, token: context.fencingToken?.value))
    }
}

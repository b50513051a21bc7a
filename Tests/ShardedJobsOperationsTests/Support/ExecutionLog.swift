import ShardedJobs
import TestSupport

/// Every execution the test jobs saw, in order, shared by all schedulers of a test.
final class ExecutionLog: Sendable {
    struct Execution: Sendable, Hashable {
        let instance: String
        let item: Int
        let fire: Int64
        let source: ExecutionSource
    }

    private let entries = EventLog<Execution>()

    func record(_ execution: Execution) {
        entries.record(execution)
    }

    var all: [Execution] { entries.events }

    /// The latest scheduled fire seen so far, or 0.
    var lastFire: Int64 { all.map(\.fire).max() ?? 0 }

    /// Waits until `condition` holds, re-checked at each new execution.
    func wait(
        _ what: String, within limit: Duration = .seconds(20), until condition: @escaping @Sendable ([Execution]) -> Bool
    ) async throws {
        try await entries.wait(what, within: limit, until: condition)
    }

    /// The fires after `instant` in which every one of `items` items ran, with the instances that ran them.
    static func completeFires(_ all: [Execution], items: Int, after instant: Int64) -> [Int64: Set<String>] {
        var byFire: [Int64: [Execution]] = [:]
        for execution in all where execution.fire > instant { byFire[execution.fire, default: []].append(execution) }
        return byFire.filter { Set($0.value.map(\.item)).count == items }.mapValues { Set($0.map(\.instance)) }
    }
}

/// A `SimpleJob` that records each execution in a shared log.
struct RecordingJob: SimpleJob {
    let log: ExecutionLog
    let instance: String

    func execute(_ context: ShardingContext) async throws {
        log.record(
            .init(
                instance: instance, item: context.shardingItem,
                fire: Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded()), source: context.source))
    }
}

import Logging
import Metrics
import ShardedJobsZooKeeper

/// One alarm's record in ZooKeeper, `/{job}/alarms/{rule}`, and its delivery (DESIGN 12.10):
/// what the job's leader and the namespace's alarm leader share.
///
/// A transition is a versioned `setData` of the record (so it happens once however many
/// leaders believe they lead); it is then handed to every notifier, those that fail tried
/// again with backoff, and marked delivered by another versioned write. Whoever finds a
/// record undelivered delivers it.
struct AlarmRecordStore: Sendable {
    let client: ZooKeeperClient
    let job: String
    let rule: String
    let notifiers: [any AlarmNotifier]
    let clock: any SchedulerClock
    let logger: Logger
    /// Counts deliveries to a notifier that failed.
    let deliveryFailures: Counter

    /// Backoff between deliveries of one alarm to notifiers that failed: 1 s doubling to 1 min.
    static let deliveryBackoff = ExponentialBackoffRetry(base: .seconds(1), cap: .seconds(60), maxAttempts: .max)

    var path: String { JobNodePath(jobName: job).alarm(rule) }

    /// The record and its version, created empty when absent (but never the job's own node: a
    /// job removed meanwhile stays removed, and this throws `NONODE`); a record that does not
    /// parse is replaced at the next transition (and logged).
    func read() async throws -> (AlarmRecord, Int32) {
        if let found = try await readIfPresent() { return found }
        for node in [JobNodePath(jobName: job).root + "/alarms", path] {
            do {
                try await client.create(node)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                continue
            }
        }
        guard let created = try await readIfPresent() else { throw ZooKeeperError(code: .noNode, operation: "getData", path: path) }
        return created
    }

    /// The record and its version; nil when there is none.
    func readIfPresent() async throws -> (AlarmRecord, Int32)? {
        let node: NodeData
        do {
            node = try await client.getData(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
        guard let record = AlarmRecord(data: node.bytes) else {
            logger.error("alarm record \(path) is not one of ours; starting afresh")
            return (AlarmRecord(), node.stat.version)
        }
        return (record, node.stat.version)
    }

    /// Writes a transition over the version read; throws `BADVERSION` when another leader
    /// wrote first.
    func write(_ record: AlarmRecord, over version: Int32) async throws {
        _ = try await client.setData(path, data: record.data, version: version)
    }

    /// Hands the record's transition to every notifier until each has taken it, then marks it
    /// delivered.
    func deliver(_ record: AlarmRecord, version: Int32) async throws {
        let alarm = record.alarm(job: job, rule: rule)
        if alarm.state == .raised { logger.error("\(alarm.summary)") } else { logger.notice("\(alarm.summary)") }
        var pending = notifiers
        var rounds = 0
        while !pending.isEmpty {
            var failed: [any AlarmNotifier] = []
            for notifier in pending {
                do {
                    try await notifier.deliver(alarm)
                } catch {
                    deliveryFailures.increment()
                    logger.warning("alarm notifier \(notifier.name) failed on \(alarm.idempotencyKey): \(error)")
                    failed.append(notifier)
                }
            }
            pending = failed
            guard !pending.isEmpty else { break }
            rounds += 1
            try await clock.sleep(for: Self.deliveryBackoff.delay(afterFailedAttempts: rounds) ?? .seconds(60))
        }
        var done = record
        done.delivered = true
        try await write(done, over: version)
    }
}

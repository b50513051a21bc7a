import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// The job leader's side of the `failureThreshold` alarm (DESIGN 12.10), run while this
/// instance leads the job and the rule is on.
///
/// It mirrors the instances' failure reports with a `TreeCache`, decides each transition with
/// ``FailureThresholdRule`` and writes it to `/{job}/alarms/failureThreshold` by a versioned
/// `setData` (a transition another leader wrote first is read, not repeated), then hands it to
/// every notifier, retrying those that fail with backoff, and marks it delivered. A record
/// found undelivered — a predecessor's transition — is delivered first.
struct AlarmLeader: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let rule: FailureThresholdRule
    let notifiers: [any AlarmNotifier]
    let clock: any SchedulerClock
    let logger: Logger
    let metrics: JobMetrics

    /// Backoff between deliveries of one alarm to notifiers that failed: 1 s doubling to 1 min.
    static let deliveryBackoff = ExponentialBackoffRetry(base: .seconds(1), cap: .seconds(60), maxAttempts: .max)

    var recordPath: String { paths.alarm(FailureThresholdRule.name) }

    /// Leads until cancelled or the cache stops (the client closed, graceful shutdown).
    func run() async {
        let cache = TreeCache(client: client, path: paths.alarmReports(FailureThresholdRule.name), maxDepth: 1, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await cache.run() } catch { logger.warning("alarm reports not followed: \(error)") }
            }
            await decide(following: cache)
            group.cancelAll()
        }
    }

    private func decide(following cache: TreeCache) async {
        var problems = 0
        while !Task.isCancelled {
            let changes = cache.events()
            do {
                let (record, version) = try await readRecord()
                if !record.delivered {
                    try await deliver(record, version: version)
                    continue
                }
                try await cache.waitUntilInitialized()
                let decision = rule.decide(reports(in: cache), record: record, now: clock.nowMillis())
                if let next = decision.transition {
                    _ = try await client.setData(recordPath, data: next.data, version: version)
                    if next.raised { metrics.alarmsRaised.increment() }
                    continue
                }
                problems = 0
                let changed = try await withDeadline(untilMillis: decision.recheckAt, clock: clock) {
                    for await _ in changes { return true }
                    return false
                }
                if changed == false { return }  // the cache stopped
            } catch let error as ZooKeeperError where error.code == .badVersion {
                continue  // another leader's write: read it
            } catch is CancellationError {
                return
            } catch {
                problems += 1
                logger.warning("alarm \(FailureThresholdRule.name): \(error); trying again")
                let delay = Self.deliveryBackoff.delay(afterFailedAttempts: problems) ?? .seconds(60)
                do { try await clock.sleep(for: delay) } catch { return }
            }
        }
    }

    /// The rule's record and its version, created empty when absent; a record that does not
    /// parse is replaced by a new one at the next transition (and logged).
    private func readRecord() async throws -> (AlarmRecord, Int32) {
        let node: NodeData
        do {
            node = try await client.getData(recordPath)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.ensure(recordPath)
            node = try await client.getData(recordPath)
        }
        guard let record = AlarmRecord(data: node.bytes) else {
            logger.error("alarm record \(recordPath) is not one of ours; starting afresh")
            return (AlarmRecord(), node.stat.version)
        }
        return (record, node.stat.version)
    }

    /// Every instance's report in the mirror; one that does not parse counts as empty.
    private func reports(in cache: TreeCache) -> [FailureReport] {
        let root = paths.alarmReports(FailureThresholdRule.name)
        return (cache.children(of: root) ?? []).compactMap { name in
            cache.node(at: root + "/" + name).flatMap { FailureReport(data: $0.bytes) }
        }
    }

    /// Hands the record's transition to every notifier until each has taken it, then marks it
    /// delivered.
    private func deliver(_ record: AlarmRecord, version: Int32) async throws {
        let alarm = record.alarm(job: paths.jobName, rule: FailureThresholdRule.name)
        if alarm.state == .raised { logger.error("\(alarm.summary)") } else { logger.notice("\(alarm.summary)") }
        var pending = notifiers
        var rounds = 0
        while !pending.isEmpty {
            var failed: [any AlarmNotifier] = []
            for notifier in pending {
                do {
                    try await notifier.deliver(alarm)
                } catch {
                    metrics.alarmDeliveryFailures.increment()
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
        _ = try await client.setData(recordPath, data: done.data, version: version)
    }
}

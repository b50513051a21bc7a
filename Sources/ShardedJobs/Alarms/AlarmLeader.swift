import Logging
import Metrics
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// The job leader's side of one counting alarm rule (DESIGN 12.10), run while this instance
/// leads the job and the rule is on.
///
/// It mirrors the instances' reports with a `TreeCache` (a children watch and a data watch
/// per report; nothing polled), decides each transition with ``CountingRule`` and writes and
/// delivers it through ``AlarmRecordStore``; an undelivered record — a predecessor's
/// transition — is delivered first.
struct AlarmLeader: Sendable {
    let store: AlarmRecordStore
    let rule: CountingRule
    let clock: any SchedulerClock
    let logger: Logger
    /// Counts the episodes this leader raised.
    let raised: Counter?

    /// Leads until cancelled or the cache stops (the client closed, graceful shutdown).
    func run() async {
        let reports = JobNodePath(jobName: store.job).alarmReports(rule.name)
        let cache = TreeCache(client: store.client, path: reports, maxDepth: 1, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await cache.run() } catch { logger.warning("alarm reports \(reports) not followed: \(error)") }
            }
            await decide(following: cache, reports: reports)
            group.cancelAll()
        }
    }

    private func decide(following cache: TreeCache, reports root: String) async {
        var problems = 0
        while !Task.isCancelled {
            let changes = cache.events()
            do {
                let (record, version) = try await store.read()
                if !record.delivered {
                    try await store.deliver(record, version: version)
                    continue
                }
                try await cache.waitUntilInitialized()
                let reports = (cache.children(of: root) ?? []).compactMap { name in
                    cache.node(at: root + "/" + name).flatMap { FailureReport(data: $0.bytes) }
                }
                let decision = rule.decide(reports, record: record, now: clock.nowMillis())
                if let next = decision.transition {
                    try await store.write(next, over: version)
                    if next.raised { raised?.increment() }
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
                logger.warning("alarm \(rule.name): \(error); trying again")
                let delay = AlarmRecordStore.deliveryBackoff.delay(afterFailedAttempts: problems) ?? .seconds(60)
                do { try await clock.sleep(for: delay) } catch { return }
            }
        }
    }
}

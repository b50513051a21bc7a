import Logging
import Metrics
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// The namespace's alarm leader (DESIGN 12.10): it follows the namespace's jobs (its children
/// with a `config` node) and each one's
/// `instances` (one `TreeCache` each), and raises a job's `noLiveInstance` alarm once the job
/// has had no live instance for the configured time, counted from when this leader first saw
/// it so; it resolves the alarm when an instance appears. Records and deliveries go through
/// ``AlarmRecordStore`` as for a job's own alarms; a job removed meanwhile is never recreated.
struct NamespaceAlarmLeader: Sendable {
    let client: ZooKeeperClient
    let notifiers: [any AlarmNotifier]
    let afterMillis: Int64
    let clock: any SchedulerClock
    let spawner: any TaskSpawner
    let metrics: any MetricsFactory
    let logger: Logger

    /// The namespace's children that are not jobs.
    static let notJobs: Set<String> = [String(JobNodePath.reserved.dropFirst()), "zookeeper"]

    /// What the leader knows of one job.
    private struct Followed {
        let cache: TreeCache
        let task: Task<Void, Never>
        /// Since when it has had no live instance, epoch ms.
        var emptySince: Int64?
        /// Whether its alarm is raised and delivered, as last read; nil before the first read.
        var raised: Bool?
        /// Whether it has a `config` node (a child of the namespace without one is no job);
        /// looked for again at each pass until found.
        var configured = false
    }

    /// Leads until cancelled or the namespace's cache stops.
    func run() async {
        let root = TreeCache(client: client, path: "/", maxDepth: 1, logger: logger)
        let (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let rootTask = follow(root, changed, finishing: true)
        var followed: [String: Followed] = [:]
        var timer: Task<Void, Never>?
        defer {
            rootTask.cancel()
            timer?.cancel()
            for job in followed.values { job.task.cancel() }
        }
        do {
            try await root.waitUntilInitialized()
            changed.yield()
            // A cache's change, or the time a job's alarm comes due (the timer's wake-up).
            for await _ in changes {
                let jobs = Set(root.children(of: "/") ?? []).subtracting(Self.notJobs)
                for (job, gone) in followed where !jobs.contains(job) {
                    gone.task.cancel()
                    followed[job] = nil
                }
                for job in jobs where followed[job] == nil {
                    let cache = TreeCache(client: client, path: JobNodePath(jobName: job).instances, maxDepth: 1, logger: logger)
                    followed[job] = Followed(cache: cache, task: follow(cache, changed, finishing: false))
                }
                var recheck: Int64?
                for job in jobs.sorted() {
                    guard var state = followed[job] else { continue }
                    if let due = try await judge(job, &state) { recheck = min(recheck ?? due, due) }
                    followed[job] = state
                }
                timer?.cancel()
                let clock = self.clock
                timer = recheck.map { due in
                    spawner.spawn {
                        do { try await clock.sleep(untilMillis: due) } catch { return }
                        changed.yield()
                    }
                }
            }
        } catch {
            if !(error is CancellationError) { logger.warning("namespace alarms stopped: \(error)") }
        }
    }

    /// Decides one job's alarm; returns when to look at it again, if a time can change it.
    private func judge(_ job: String, _ state: inout Followed) async throws -> Int64? {
        guard state.cache.isInitialized else { return nil }
        if !state.configured {
            state.configured = try await client.exists(JobNodePath(jobName: job).config) != nil
            guard state.configured else { return nil }
        }
        let now = clock.nowMillis()
        let empty = (state.cache.children(of: JobNodePath(jobName: job).instances) ?? []).isEmpty
        state.emptySince = empty ? (state.emptySince ?? now) : nil
        let due = state.emptySince.map { $0 + afterMillis }
        let wantsRaise = due.map { now >= $0 } ?? false
        // Only a transition (or the first look at a job) costs a read and the record's store.
        if state.raised == nil || state.raised != wantsRaise {
            let store = AlarmRecordStore(
                client: client, job: job, rule: NamespaceAlarms.noLiveInstance, notifiers: notifiers, clock: clock, logger: logger,
                deliveryFailures: Counter(label: "sharded_jobs_alarm_delivery_failures_total", dimensions: [("job", job)], factory: metrics))
            do {
                state.raised = try await settle(store, raise: wantsRaise, since: state.emptySince, now: now)
            } catch let error as ZooKeeperError where [.noNode, .badVersion].contains(error.code) {
                state.raised = nil  // the job went, or another leader wrote: read again next time
            }
        }
        return due.flatMap { $0 > now ? $0 : nil }
    }

    /// Brings the job's record to `raise`, delivering what is undelivered; returns the state.
    private func settle(_ store: AlarmRecordStore, raise: Bool, since: Int64?, now: Int64) async throws -> Bool {
        let found = raise ? try await store.read() : try await store.readIfPresent()
        guard var (record, version) = found else { return false }
        if !record.delivered {
            try await store.deliver(record, version: version)
            guard let again = try await store.readIfPresent() else { return false }
            (record, version) = again
        }
        guard record.raised != raise else { return raise }
        record.raised = raise
        record.delivered = false
        record.changedAt = now
        if raise {
            record.episode += 1
            record.fire = nil
            record.items = []
            record.causes = ["no live instance since \(InstantText.utc(millis: since ?? now))"]
        }
        try await store.write(record, over: version)
        if raise {
            Counter(label: "sharded_jobs_alarms_raised_total", dimensions: [("job", store.job), ("rule", store.rule)], factory: metrics)
                .increment()
        }
        try await store.deliver(record, version: version + 1)
        return raise
    }

    /// Runs a cache, forwarding its changes to the leader's wake-ups (`finishing`: and ending
    /// them when it stops).
    private func follow(_ cache: TreeCache, _ changed: AsyncStream<Void>.Continuation, finishing: Bool) -> Task<Void, Never> {
        let logger = self.logger
        return spawner.spawn {
            await withTaskGroup(of: Void.self) { group in
                let events = cache.events()
                group.addTask {
                    for await _ in events { changed.yield() }
                }
                do { try await cache.run() } catch { logger.debug("namespace alarm cache \(cache.path) ended: \(error)") }
                group.cancelAll()
            }
            if finishing { changed.finish() }
        }
    }
}

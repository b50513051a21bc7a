import Logging
import ShardedJobsZooKeeper

/// A job's alarms on this instance (DESIGN 12.10): it reports the instance's failed, timed-out
/// and stuck item-fires in its ephemeral nodes, one per rule that is on, and runs an
/// ``AlarmLeader`` per rule while the instance also leads the job. The job's driver tells it
/// the configuration and the leadership after every event.
actor AlarmKeeper {
    private let client: ZooKeeperClient
    private let paths: JobNodePath
    private let instance: String
    private let notifiers: [any AlarmNotifier]
    private let environment: SchedulerEnvironment
    private let logger: Logger
    private let metrics: JobMetrics
    /// The rules in effect, by name.
    private var rules: [String: CountingRule] = [:]
    /// This instance's report for each rule, and what is left to write.
    private var reports: [String: FailureReport] = [:]
    private var unwritten: Set<String> = []
    /// The session whose ephemeral report holds each rule's report as last written.
    private var writtenOn: [String: Int64] = [:]
    /// A write of the reports is in flight.
    private var writing = false
    /// The leaders' tasks, by rule name, with the rule each runs.
    private var leaders: [String: (rule: CountingRule, task: Task<Void, Never>)] = [:]
    /// Fires awaiting their `missedAfter` check (while leading), oldest first, and the task
    /// checking them.
    private var expected: [MissedFireCheck.Expected] = []
    private var checking: Task<Void, Never>?
    private var isLeading = false

    init(
        client: ZooKeeperClient, paths: JobNodePath, instance: JobInstanceID, notifiers: [any AlarmNotifier],
        environment: SchedulerEnvironment, logger: Logger, metrics: JobMetrics
    ) {
        self.client = client
        self.paths = paths
        self.instance = instance.description
        self.notifiers = notifiers
        self.environment = environment
        self.logger = logger
        self.metrics = metrics
    }

    /// The rules in effect, and whether this instance leads the job with a session (and is
    /// not stopping): starts and stops the leaders' sides.
    func update(_ rules: [CountingRule], leading: Bool) {
        self.rules = Dictionary(uniqueKeysWithValues: rules.map { ($0.name, $0) })
        isLeading = leading
        if !leading {
            checking?.cancel()
            checking = nil
            expected = []
        }
        let wanted = leading ? self.rules : [:]
        for (name, leader) in leaders where wanted[name] != leader.rule {
            leader.task.cancel()
            leaders[name] = nil
        }
        for (name, rule) in wanted where leaders[name] == nil {
            let store = AlarmRecordStore(
                client: client, job: paths.jobName, rule: name, notifiers: notifiers, clock: environment.clock, logger: logger,
                deliveryFailures: metrics.alarmDeliveryFailures)
            let leader = AlarmLeader(store: store, rule: rule, clock: environment.clock, logger: logger, raised: metrics.alarmsRaised[name])
            leaders[name] = (rule, environment.spawner.spawn { await leader.run() })
        }
    }

    /// Stops the leaders' sides (the job stopped).
    func stop() {
        for leader in leaders.values { leader.task.cancel() }
        leaders = [:]
        checking?.cancel()
        checking = nil
        expected = []
    }

    /// A regular fire the leading instance saw, with the items that had an owner and were not
    /// disabled: checked `after` its time (`alarm.missedAfter`).
    func expect(fire: Int64, items: [Int], after: Duration, silence: Duration) {
        guard isLeading else { return }
        expected.append(
            MissedFireCheck.Expected(
                fire: fire, items: items, dueAt: fire + after.milliseconds, after: after, silenceMillis: silence.milliseconds))
        guard checking == nil else { return }
        checking = environment.spawner.spawn { await self.checkMissed() }
    }

    /// Checks the expected fires as each comes due.
    private func checkMissed() async {
        let check = MissedFireCheck(
            store: AlarmRecordStore(
                client: client, job: paths.jobName, rule: MissedFireCheck.name, notifiers: notifiers, clock: environment.clock,
                logger: logger, deliveryFailures: metrics.alarmDeliveryFailures),
            paths: paths, clock: environment.clock)
        while let next = expected.first {
            do { try await environment.clock.sleep(untilMillis: next.dueAt) } catch { return }
            expected.removeFirst()
            do {
                if try await check.check(next) { metrics.alarmsRaised[MissedFireCheck.name]?.increment() }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("alarm \(MissedFireCheck.name): the fire at \(next.fire) not checked: \(error)")
            }
        }
        checking = nil
    }

    /// Records an item-fire that failed after its last attempt (`timedOut`: stopped by its
    /// timeout).
    func noteFailure(item: Int, fire: Int64, cause: String, timedOut: Bool) {
        note(CountingRule.failureThreshold, item: item, fire: fire, cause: cause)
        if timedOut { note(CountingRule.onTimeout, item: item, fire: fire, cause: cause) }
    }

    /// Records an execution still running past its timeout plus the session timeout, or
    /// (`stuck` false) that it ended.
    func noteStuck(_ stuck: Bool, item: Int, fire: Int64, cause: String) {
        if stuck {
            note(CountingRule.stuckItem, item: item, fire: fire, cause: cause)
        } else if reports[CountingRule.stuckItem]?.remove(fire: fire, item: item) == true {
            publish(CountingRule.stuckItem)
        }
    }

    private func note(_ name: String, item: Int, fire: Int64, cause: String) {
        guard let rule = rules[name] else { return }
        let now = environment.clock.nowMillis()
        reports[name, default: FailureReport()].add(
            FailureReport.Failure(fire: fire, item: item, at: now), cause: cause, limit: rule.threshold,
            horizon: now &- rule.windowMillis)
        publish(name)
    }

    private func publish(_ name: String) {
        unwritten.insert(name)
        guard !writing else { return }
        writing = true
        environment.spawner.spawn { await self.write() }
    }

    /// Writes the reports until none is left unwritten.
    private func write() async {
        while let name = unwritten.first {
            unwritten.remove(name)
            guard let session = client.session?.id, let report = reports[name] else { continue }
            let path = paths.alarmReport(name, instance: instance)
            do {
                if writtenOn[name] == session {
                    _ = try await client.setData(path, data: report.data)
                } else {
                    try await client.ensure(paths.alarmReports(name))
                    do {
                        _ = try await client.create(path, data: report.data, mode: .ephemeral)
                    } catch let error as ZooKeeperError where error.code == .nodeExists {
                        _ = try await client.setData(path, data: report.data)
                    }
                    writtenOn[name] = session
                }
            } catch let error as ZooKeeperError where error.code == .noNode && writtenOn[name] != nil {
                writtenOn[name] = nil  // the session that held it ended: create it again
                unwritten.insert(name)
            } catch {
                logger.warning("alarm report \(path) not written (written with the next event): \(error)")
            }
        }
        writing = false
    }
}

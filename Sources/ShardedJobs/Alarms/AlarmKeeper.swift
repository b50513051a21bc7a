import Logging
import ShardedJobsZooKeeper

/// A job's alarms on this instance (DESIGN 12.10): it reports the instance's failed
/// item-fires in its ephemeral node while `alarm.failureThreshold` is set, and runs the
/// ``AlarmLeader`` while the instance also leads the job. The job's driver tells it the
/// configuration and the leadership after every event.
actor AlarmKeeper {
    private let client: ZooKeeperClient
    private let paths: JobNodePath
    private let instance: String
    private let notifiers: [any AlarmNotifier]
    private let environment: SchedulerEnvironment
    private let logger: Logger
    private let metrics: JobMetrics
    /// The rule in effect; nil while it is off.
    private var rule: FailureThresholdRule?
    private var report = FailureReport()
    /// The session whose ephemeral report holds `report` as last written.
    private var writtenOn: Int64?
    /// A write of the report is in flight; `unwritten` asks it to write once more.
    private var writing = false
    private var unwritten = false
    /// The leader's task and the rule it runs with.
    private var leader: (rule: FailureThresholdRule, task: Task<Void, Never>)?

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

    /// The configuration in effect, and whether this instance leads the job with a session
    /// (and is not stopping): starts or stops the leader's side.
    func update(_ configuration: JobConfiguration, leading: Bool) {
        rule = FailureThresholdRule(configuration)
        let wanted = leading ? rule : nil
        guard wanted != leader?.rule else { return }
        leader?.task.cancel()
        leader = nil
        guard let wanted else { return }
        let run = AlarmLeader(
            client: client, paths: paths, rule: wanted, notifiers: notifiers, clock: environment.clock, logger: logger,
            metrics: metrics)
        leader = (wanted, environment.spawner.spawn { await run.run() })
    }

    /// Stops the leader's side (the job stopped).
    func stop() {
        leader?.task.cancel()
        leader = nil
    }

    /// Records an item-fire that failed after its last attempt and publishes the report.
    func noteFailure(item: Int, fire: Int64, cause: String) {
        guard let rule else { return }
        let now = environment.clock.nowMillis()
        report.add(
            FailureReport.Failure(fire: fire, item: item, at: now), cause: cause, limit: rule.threshold,
            horizon: now - rule.windowMillis)
        unwritten = true
        guard !writing else { return }
        writing = true
        environment.spawner.spawn { await self.write() }
    }

    /// Writes the report until no change is left unwritten.
    private func write() async {
        let path = paths.alarmReport(FailureThresholdRule.name, instance: instance)
        while unwritten {
            unwritten = false
            guard let session = client.session?.id else { break }
            let data = report.data
            do {
                if writtenOn == session {
                    _ = try await client.setData(path, data: data)
                } else {
                    try await client.ensure(paths.alarmReports(FailureThresholdRule.name))
                    do {
                        _ = try await client.create(path, data: data, mode: .ephemeral)
                    } catch let error as ZooKeeperError where error.code == .nodeExists {
                        _ = try await client.setData(path, data: data)
                    }
                    writtenOn = session
                }
            } catch let error as ZooKeeperError where error.code == .noNode && writtenOn != nil {
                writtenOn = nil  // the session that held it ended: create it again
                unwritten = true
            } catch {
                logger.warning("alarm report not written (written with the next failure): \(error)")
            }
        }
        writing = false
    }
}

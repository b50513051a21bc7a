/// How the chaos harness starts each `bench-worker`: the job, its schedule, its failover and
/// misfire settings, the item's work time and the session timeout the worker requests.
///
/// The defaults suit a fast chaos scenario: one job of 6 items firing every second, 500 ms of
/// work per item, a 3-second session, `failover`, `misfire` and `monitorExecution` on, `BEGIN`
/// lines printed and every commit going through the cluster's fenced sink.
public struct WorkerOptions: Sendable, Hashable {
    /// The job's name (with `jobs > 1`, the jobs are `name0 … name{n-1}`).
    public var jobName = "chaos"
    /// The jobs' cron expression (Quartz form, with seconds).
    public var cron = "* * * * * ?"
    /// The time between two fires of `cron`, in milliseconds, for the checker.
    public var periodMillis: Int64 = 1000
    /// Sharding items per job.
    public var items = 6
    /// How many jobs each worker registers.
    public var jobs = 1
    /// The jobs' `failover` setting.
    public var failover = true
    /// The jobs' `monitorExecution` setting.
    public var monitorExecution = true
    /// The jobs' `misfire` setting.
    public var misfire = true
    /// How long each item sleeps before its commit.
    public var workMillis = 500
    /// The session timeout each worker requests.
    public var sessionTimeoutMillis = 3000
    /// Whether workers print a `BEGIN` line when an item starts.
    public var printBegin = true
    /// Whether commits go through the cluster's fenced sink (`--sink`).
    public var useSink = true
    /// The jobs' `startJitter` in milliseconds (`--start-jitter`); nil for none.
    public var startJitterMillis: Int?
    /// The jobs' `activeUntil`, epoch milliseconds (`--active-until`); nil for none.
    public var activeUntilMillis: Int?
    /// The jobs' `catchUpWindow` in milliseconds (`--catch-up-window`); nil for none.
    public var catchUpWindowMillis: Int?
    /// Whether SIGTERM drains the worker first (`--drain-on-shutdown`).
    public var drainOnShutdown = false
    /// The jobs' sharding strategy by name (`--strategy`); nil for the default.
    public var strategy: String?
    /// Whether each worker reads its load from its own file, `ChaosCluster.loadFile(of:)`
    /// (`--load-file`), which starts at `cpuPerCore=0.10 memRatio=0.10`.
    public var loadFiles = false
    /// How often workers sample their load, in milliseconds (`--load-report-interval`); nil
    /// for the default 10 s.
    public var loadReportIntervalMillis: Int?
    /// The jobs' `overlapPolicy` by name (`--overlap`); nil for the default.
    public var overlapPolicy: String?
    /// An item that works `slowItemMillis` on its regular fires (`--slow-item`); nil for none.
    public var slowItem: Int?
    /// How long `slowItem` works on its regular fires.
    public var slowItemMillis = 0
    /// The jobs' `retry.maxAttempts` (`--retries`); nil for the default.
    public var retries: Int?
    /// The jobs' `retry.backoff` in milliseconds (`--retry-backoff`); nil for the default.
    public var retryBackoffMillis: Int?
    /// An item that fails the first `failingAttempts` attempts of each fire before its commit
    /// check (`--failing-item`); nil for none.
    public var failingItem: Int?
    /// How many first attempts of each fire `failingItem` fails.
    public var failingAttempts = 0

    /// Creates the default options; change the fields you need.
    public init() {}

    /// The names of the jobs, as `bench-worker` registers them.
    public var jobNames: [String] {
        jobs == 1 ? [jobName] : (0..<jobs).map { "\(jobName)\($0)" }
    }

    /// The worker's command line (without the tag).
    ///
    /// - Parameters:
    ///   - connectString: The ZooKeeper connect string.
    ///   - namespace: The cluster's namespace.
    ///   - sinkPath: The fenced sink's file, used when `useSink` is on.
    /// - Returns: The arguments after the executable's name.
    public func arguments(connectString: String, namespace: String, sinkPath: String) -> [String] {
        var arguments = [
            connectString, namespace, jobName, cron, String(items), failover ? "on" : "off",
            monitorExecution ? "on" : "off", String(workMillis), String(jobs), String(sessionTimeoutMillis),
            "--misfire=\(misfire ? "on" : "off")", "--exit-with-parent",
        ]
        if printBegin { arguments.append("--begin") }
        if useSink { arguments.append("--sink=\(sinkPath)") }
        if let startJitterMillis { arguments.append("--start-jitter=\(startJitterMillis)") }
        if let activeUntilMillis { arguments.append("--active-until=\(activeUntilMillis)") }
        if let catchUpWindowMillis { arguments.append("--catch-up-window=\(catchUpWindowMillis)") }
        if drainOnShutdown { arguments.append("--drain-on-shutdown") }
        if let strategy { arguments.append("--strategy=\(strategy)") }
        if let loadReportIntervalMillis { arguments.append("--load-report-interval=\(loadReportIntervalMillis)") }
        if let overlapPolicy { arguments.append("--overlap=\(overlapPolicy)") }
        if let slowItem { arguments.append("--slow-item=\(slowItem):\(slowItemMillis)") }
        if let retries { arguments.append("--retries=\(retries)") }
        if let retryBackoffMillis { arguments.append("--retry-backoff=\(retryBackoffMillis)") }
        if let failingItem { arguments.append("--failing-item=\(failingItem):\(failingAttempts)") }
        return arguments
    }
}

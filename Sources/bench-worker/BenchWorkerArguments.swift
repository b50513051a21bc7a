import ShardedJobs

/// The bench worker's command line (the same for the ElasticJob peer run):
///
///     bench-worker <zk> <namespace> <jobName> <cron> <shardingTotalCount> <failover on|off>
///                  <monitorExecution on|off> <workMillis> <numberOfJobs> <sessionTimeoutMs>
///                  [--tag=NAME] [--begin] [--misfire=on|off] [--sink=PATH] [--ip=ADDRESS]
///                  [--exit-with-parent] [--start-jitter=MS] [--active-until=EPOCH_MS] [--catch-up-window=MS]
///                  [--overlap=POLICY] [--slow-item=N:MS]
///                  [--retries=N] [--retry-backoff=MS] [--failing-item=N:K] [--drain-on-shutdown]
///                  [--strategy=NAME] [--load-file=PATH] [--load-report-interval=MS]
///
/// `--overlap` sets the jobs' `overlapPolicy` (`bufferOne`, `skip`, `cancelRunning`);
/// `--slow-item=N:MS` makes item N work MS milliseconds on its regular fires
/// (`NORMAL_TRIGGER`; a catch-up stays at `workMillis`), so that its fires overlap.
/// `--retries` and `--retry-backoff` set the jobs' `retry.maxAttempts` and `retry.backoff`;
/// `--failing-item=N:K` makes item N fail the first K attempts of each fire before its commit
/// check (a failure the library retries).
/// `--strategy=NAME` registers the jobs with that `jobShardingStrategyType` (they are written
/// with `overwrite`, so a strategy set only with `shardctl` would be undone by the next worker).
/// `--load-file=PATH` reads the worker's load for `LOAD_AWARE` jobs from that file
/// (`FileLoadProbe`), sampled every `--load-report-interval` milliseconds (10 s by default).
/// `--drain-on-shutdown` makes SIGTERM drain the worker first (`SchedulerSettings.drainOnShutdown`).
/// `--exit-with-parent` makes the worker exit (status 3) once the process that started it is
/// gone, so that workers of a killed test or soak do not run on.
struct BenchWorkerArguments {
    var connectString = ""
    var namespace = ""
    var jobName = ""
    var cron = ""
    var shardingTotalCount = 0
    var failover = false
    var monitorExecution = true
    var workMillis = 0
    var numberOfJobs = 1
    var sessionTimeoutMillis = 15_000
    var tag: String
    var printBegin = false
    var misfire = true
    var sinkPath: String?
    var exitWithParent = false
    /// The IP the instance registers under (several "servers" on one machine); nil picks one.
    var ip: String?
    /// The jobs' `startJitter` in milliseconds; nil for none.
    var startJitterMillis: Int?
    /// The jobs' `activeUntil`, epoch milliseconds; nil for none.
    var activeUntilMillis: Int?
    /// The jobs' `catchUpWindow` in milliseconds; nil for none (unlimited).
    var catchUpWindowMillis: Int?
    /// The jobs' `overlapPolicy`; nil for the default.
    var overlapPolicy: OverlapPolicy?
    /// An item that works longer on its regular fires, and how long (ms).
    var slowItem: (item: Int, millis: Int)?
    /// The jobs' `retry.maxAttempts` and `retry.backoff` (ms); nil for the defaults.
    var retries: Int?
    var retryBackoffMillis: Int?
    /// An item that fails the first attempts of each fire, and how many.
    var failingItem: (item: Int, attempts: Int)?
    /// Whether a graceful shutdown drains the worker first.
    var drainOnShutdown = false
    /// The jobs' sharding strategy; nil for the default.
    var strategy: ShardingStrategyName?
    /// The file the worker's load is read from; nil for the system's.
    var loadFile: String?
    /// How often the load is sampled (ms); nil for the default.
    var loadReportIntervalMillis: Int?

    /// A usage error, printed before exiting with status 2.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ arguments: [String], pid: Int32) throws {
        tag = "w\(pid)"
        let positional = arguments.filter { !$0.hasPrefix("--") }
        guard positional.count == 10 else {
            throw UsageError(
                description: "usage: bench-worker <zk> <namespace> <jobName> <cron> <shardingTotalCount> "
                    + "<failover on|off> <monitorExecution on|off> <workMillis> <numberOfJobs> <sessionTimeoutMs> "
                    + "[--tag=NAME] [--begin] [--misfire=on|off] [--sink=PATH] [--ip=ADDRESS] [--exit-with-parent] [--start-jitter=MS] [--active-until=EPOCH_MS] [--catch-up-window=MS] [--overlap=POLICY] [--slow-item=N:MS] "
                    + "[--retries=N] [--retry-backoff=MS] [--failing-item=N:K] [--drain-on-shutdown] [--strategy=NAME] [--load-file=PATH] [--load-report-interval=MS]")
        }
        connectString = positional[0]
        namespace = positional[1]
        jobName = positional[2]
        cron = positional[3]
        shardingTotalCount = try Self.number(positional[4], "shardingTotalCount")
        failover = try Self.flag(positional[5], "failover")
        monitorExecution = try Self.flag(positional[6], "monitorExecution")
        workMillis = try Self.number(positional[7], "workMillis")
        numberOfJobs = try Self.number(positional[8], "numberOfJobs")
        sessionTimeoutMillis = try Self.number(positional[9], "sessionTimeoutMs")
        for option in arguments where option.hasPrefix("--") {
            let parts = option.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
            switch (parts.first ?? "", parts.count == 2 ? parts[1] : nil) {
            case ("tag", let value?): tag = value
            case ("begin", nil): printBegin = true
            case ("misfire", let value?): misfire = try Self.flag(value, "--misfire")
            case ("sink", let value?): sinkPath = value
            case ("exit-with-parent", nil): exitWithParent = true
            case ("drain-on-shutdown", nil): drainOnShutdown = true
            case ("strategy", let value?): strategy = ShardingStrategyName(value)
            case ("load-file", let value?): loadFile = value
            case ("load-report-interval", let value?): loadReportIntervalMillis = try Self.number(value, "--load-report-interval")
            case ("ip", let value?): ip = value
            case ("start-jitter", let value?): startJitterMillis = try Self.number(value, "--start-jitter")
            case ("active-until", let value?): activeUntilMillis = try Self.number(value, "--active-until")
            case ("catch-up-window", let value?): catchUpWindowMillis = try Self.number(value, "--catch-up-window")
            case ("overlap", let value?):
                guard let policy = OverlapPolicy(rawValue: value) else {
                    throw UsageError(description: "--overlap: \"\(value)\" is not bufferOne, skip or cancelRunning")
                }
                overlapPolicy = policy
            case ("slow-item", let value?):
                let parts = value.split(separator: ":").map(String.init)
                guard parts.count == 2 else { throw UsageError(description: "--slow-item: \"\(value)\" is not ITEM:MILLISECONDS") }
                slowItem = (try Self.number(parts[0], "--slow-item's item"), try Self.number(parts[1], "--slow-item's milliseconds"))
            case ("retries", let value?): retries = try Self.number(value, "--retries")
            case ("retry-backoff", let value?): retryBackoffMillis = try Self.number(value, "--retry-backoff")
            case ("failing-item", let value?):
                let parts = value.split(separator: ":").map(String.init)
                guard parts.count == 2 else { throw UsageError(description: "--failing-item: \"\(value)\" is not ITEM:ATTEMPTS") }
                failingItem = (try Self.number(parts[0], "--failing-item's item"), try Self.number(parts[1], "--failing-item's attempts"))
            default: throw UsageError(description: "unknown option \(option)")
            }
        }
    }

    /// The job names: `jobName` for one job, `jobName0` … `jobName{n-1}` for several.
    var jobNames: [String] {
        numberOfJobs == 1 ? [jobName] : (0..<numberOfJobs).map { "\(jobName)\($0)" }
    }

    private static func number(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text) else { throw UsageError(description: "\(name): \"\(text)\" is not a number") }
        return value
    }

    private static func flag(_ text: String, _ name: String) throws -> Bool {
        switch text {
        case "on", "true": return true
        case "off", "false": return false
        default: throw UsageError(description: "\(name): \"\(text)\" must be on or off")
        }
    }
}

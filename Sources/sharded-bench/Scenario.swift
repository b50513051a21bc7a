/// One benchmark scenario: a cluster of `bench-worker` processes started together with the
/// same job set, measured over a steady-state window.
///
/// Every scenario runs its workers on the same ZooKeeper under its own namespace. The window
/// starts at the first fire after the cluster is steady (every worker `READY`, and one whole
/// fire executed with each job's items spread over all the workers), so start-up and the first
/// resharding stay out of it.
struct Scenario: Sendable {
    /// The name used with `--only` and in the namespace.
    var key: String
    /// How many worker processes.
    var workers: Int
    /// How many jobs each worker registers (`numberOfJobs`).
    var jobs: Int
    /// Items per job (`shardingTotalCount`).
    var items: Int
    /// The jobs' cron expression.
    var cron: String
    /// The interval between two fires of `cron`, in milliseconds.
    var periodMillis: Int64
    /// Whether the jobs mark running items in ZooKeeper.
    var monitorExecution: Bool
    /// What the figure lines of this scenario report.
    var figures: Set<Figure>
    /// How long each item sleeps, when the scenario fixes it; nil takes `--work-ms`.
    var workMillis: Int? = nil
    /// The jobs' `startJitter` in milliseconds; nil for none. Lateness subtracts each fire's
    /// offset: a fire that starts when its jitter says is on time.
    var startJitterMillis: Int? = nil

    /// The figures a scenario can produce.
    enum Figure: Sendable, Hashable {
        /// Start minus scheduled instant, p50/p99/max.
        case lateness
        /// Write transactions and requests per fire, from the server's counters.
        case zooKeeperPerFire
        /// RSS, CPU seconds and threads of the workers after `--seconds`.
        case resources
        /// Process start to READY and to the first execution.
        case startUp
    }

    /// The whole-cluster item count per fire.
    var itemsPerFire: Int { jobs * items }

    /// The scenarios of issue 5, in the order they run.
    static let all: [Scenario] = [
        Scenario(
            key: "lateness-on", workers: 3, jobs: 1, items: 3, cron: "* * * * * ?", periodMillis: 1000,
            monitorExecution: true, figures: [.lateness]),
        // With `startJitter=400ms`: starts spread over 0-400 ms after the fires (issue 17 item 7);
        // lateness counts from each fire's jittered start.
        Scenario(
            key: "lateness-jitter", workers: 3, jobs: 1, items: 3, cron: "* * * * * ?", periodMillis: 1000,
            monitorExecution: true, figures: [.lateness], startJitterMillis: 400),
        Scenario(
            key: "lateness-off", workers: 3, jobs: 1, items: 3, cron: "* * * * * ?", periodMillis: 1000,
            monitorExecution: false, figures: [.lateness]),
        Scenario(
            key: "zk-on", workers: 3, jobs: 1, items: 9, cron: "* * * * * ?", periodMillis: 1000,
            monitorExecution: true, figures: [.zooKeeperPerFire]),
        Scenario(
            key: "zk-off", workers: 3, jobs: 1, items: 9, cron: "* * * * * ?", periodMillis: 1000,
            monitorExecution: false, figures: [.zooKeeperPerFire]),
        Scenario(
            key: "jobs-1", workers: 3, jobs: 1, items: 3, cron: "0/5 * * * * ?", periodMillis: 5000,
            monitorExecution: true, figures: [.resources, .startUp]),
        Scenario(
            key: "jobs-100", workers: 3, jobs: 100, items: 3, cron: "0/5 * * * * ?", periodMillis: 5000,
            monitorExecution: true, figures: [.resources, .lateness, .startUp]),
        // The same with items that do no work: the scheduler's own lateness, without the wait
        // for a slot of the process-wide pool (2 × cores items at once) that 300 items of
        // 50 ms each need.
        Scenario(
            key: "jobs-100-nowork", workers: 3, jobs: 100, items: 3, cron: "0/5 * * * * ?", periodMillis: 5000,
            monitorExecution: true, figures: [.lateness], workMillis: 0),
    ]

    /// The human description of the scenario's cron (`every second`, `0/5 * * * * ?`).
    var cronDescription: String {
        cron == "* * * * * ?" ? "every second" : cron
    }

    /// `on` or `off`.
    var monitorExecutionText: String { monitorExecution ? "on" : "off" }
}

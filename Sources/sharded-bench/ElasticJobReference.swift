/// The figures issue 5 gives for ElasticJob-Lite 3.0.5 run on this machine with the same
/// scenarios, and the targets it sets for ShardedJobs; printed next to ours on every line.
///
/// All figures are copied from the issue; ranges are over ElasticJob's three workers or runs.
enum ElasticJobReference {
    /// Lateness, `monitorExecution` on or off, 3 items, every second.
    static let lateness = "p50 30 ms, p99 113 ms"
    /// Lateness with 100 jobs per worker.
    static let latenessHundredJobs = "p99 0.9–2.3 s"
    /// ZooKeeper per fire of 9 items on 3 workers, `monitorExecution` on.
    static let perFireMonitored = "18 write transactions, 198 requests"
    /// The same with `monitorExecution` off.
    static let perFireUnmonitored = "0 write transactions, 36 requests"
    /// One worker with 1 job.
    static let resourcesOneJob = "RSS 100 MB"
    /// One worker with 100 jobs.
    static let resourcesHundredJobs = "RSS 395–453 MB, threads 425–725"
    /// Launch to `READY` with 100 jobs.
    static let startUpHundredJobs = "READY after 13–38 s"
    /// What a bare Swift process with Foundation's calendar takes here.
    static let bareSwiftProcess = "about 22 MB"
    /// Failover, issue 6: kill -9 to the victim's instance node vanishing.
    static let failoverNodeGone = "5.3 s"
    /// Failover, issue 6: the node vanishing to the orphans starting.
    static let failoverOrphans = "1.0–1.2 s after the node vanished, only once a survivor had finished its own run"
    /// Failover, issue 6: the first fire covering all items.
    static let failoverCovered = "the next fire was missed; the first fire covering all items came 18 s after the kill"
    /// Issue 6: a worker frozen past its session and resumed.
    static let frozenWorker = "ran its in-flight items at the same time as the failover survivors in 3 of 3 runs"
    /// Target: the orphans start within this many ms of the node's disappearance.
    static let failoverOrphanTarget: Int64 = 300

    /// Target: p99 lateness with `monitorExecution` on, in ms (exclusive).
    static let latenessTargetMonitored: Int64 = 10
    /// Target: p99 lateness with `monitorExecution` off, in ms (exclusive).
    static let latenessTargetUnmonitored: Int64 = 3
    /// Target: p99 lateness with 100 jobs, in ms (exclusive).
    static let latenessTargetHundredJobs: Int64 = 20
    /// Target: RSS with 1 job, in MB (exclusive).
    static let rssTargetOneJob = 30.0
    /// Target: RSS with 100 jobs, in MB (exclusive).
    static let rssTargetHundredJobs = 45.0
    /// Target: threads, whatever the number of jobs (exclusive).
    static let threadTarget = 16
    /// Target: process start to `READY`, in ms (exclusive).
    static let readyTarget: Int64 = 1000

    /// Target: write transactions per fire of `items` items spread over `workers` instances
    /// with `monitorExecution` on (at most one mark per instance plus one clear per item), or
    /// zero with it off.
    ///
    /// - Parameters:
    ///   - items: items per fire, whole cluster.
    ///   - workers: instances that own items.
    ///   - monitorExecution: whether items are marked running.
    static func writeTarget(items: Int, workers: Int, monitorExecution: Bool) -> Int {
        monitorExecution ? min(workers, items) + items : 0
    }

    /// `met` or `MISSED`, for a target line.
    ///
    /// - Parameter met: whether the figure meets its target.
    static func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
}

import Metrics

/// A job's swift-metrics instruments, with the job's name as a dimension.
///
/// Names: `sharded_jobs_fires_total`, `sharded_jobs_fires_skipped_total`, `sharded_jobs_fires_failed_total` (`THROW`),
/// `sharded_jobs_items_executed_total`, `sharded_jobs_items_failed_total`,
/// `sharded_jobs_item_duration` (a timer), `sharded_jobs_reshardings_total`,
/// `sharded_jobs_invalid_configurations_total`, `sharded_jobs_misfire_runs_total`,
/// `sharded_jobs_failover_claims_total`. Without a bootstrapped backend they cost
/// nothing.
struct JobMetrics: Sendable {
    let fires: Counter
    let skippedFires: Counter
    let failedFires: Counter
    let itemsExecuted: Counter
    let itemsFailed: Counter
    let executionTime: Timer
    let reshardings: Counter
    let invalidConfigurations: Counter
    let misfires: Counter
    let failoverClaims: Counter

    init(jobName: String) {
        let dimensions = [("job", jobName)]
        fires = Counter(label: "sharded_jobs_fires_total", dimensions: dimensions)
        skippedFires = Counter(label: "sharded_jobs_fires_skipped_total", dimensions: dimensions)
        failedFires = Counter(label: "sharded_jobs_fires_failed_total", dimensions: dimensions)
        itemsExecuted = Counter(label: "sharded_jobs_items_executed_total", dimensions: dimensions)
        itemsFailed = Counter(label: "sharded_jobs_items_failed_total", dimensions: dimensions)
        executionTime = Timer(label: "sharded_jobs_item_duration", dimensions: dimensions)
        reshardings = Counter(label: "sharded_jobs_reshardings_total", dimensions: dimensions)
        invalidConfigurations = Counter(label: "sharded_jobs_invalid_configurations_total", dimensions: dimensions)
        misfires = Counter(label: "sharded_jobs_misfire_runs_total", dimensions: dimensions)
        failoverClaims = Counter(label: "sharded_jobs_failover_claims_total", dimensions: dimensions)
    }

    /// Counts one of the machine's metrics.
    func count(_ counter: JobCounter, by amount: Int) {
        switch counter {
        case .fires: fires.increment(by: amount)
        case .skippedFires: skippedFires.increment(by: amount)
        case .reshardings: reshardings.increment(by: amount)
        case .invalidConfigurations: invalidConfigurations.increment(by: amount)
        case .misfires: misfires.increment(by: amount)
        case .failoverClaims: failoverClaims.increment(by: amount)
        }
    }
}

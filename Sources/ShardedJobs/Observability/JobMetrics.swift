import Metrics

/// A job's swift-metrics instruments, with the job's name as the `job` dimension; the names
/// are listed in docs/observability.md. Without a bootstrapped backend (and no
/// `SchedulerSettings.metricsFactory`) they cost nothing.
struct JobMetrics: Sendable {
    /// How an item execution ended, the `outcome` dimension of `sharded_jobs_item_executions_total`.
    enum Outcome: String, CaseIterable, Sendable {
        case success, failure, timeout, killed

        /// The outcome of an execution that ended with `failure` (nil: it succeeded).
        init(_ failure: (any Error)?) {
            switch (failure as? ExecutionStopped)?.cause {
            case nil: self = failure == nil ? .success : .failure
            case .timeout?: self = .timeout
            case .killed?: self = .killed
            default: self = .failure
            }
        }
    }

    let fires: Counter
    let skippedFires: Counter
    let failedFires: Counter
    let executions: [Outcome: Counter]
    let duration: Timer
    let lateness: Timer
    let reshardings: Counter
    let invalidConfigurations: Counter
    let catchUpRuns: Counter
    let failovers: Counter
    /// By rule name.
    let alarmsRaised: [String: Counter]
    let alarmDeliveryFailures: Counter

    init(jobName: String, factory: any MetricsFactory) {
        let job = [("job", jobName)]
        fires = Counter(label: "sharded_jobs_fires_total", dimensions: job, factory: factory)
        skippedFires = Counter(label: "sharded_jobs_fires_skipped_total", dimensions: job, factory: factory)
        failedFires = Counter(label: "sharded_jobs_fires_failed_total", dimensions: job, factory: factory)
        executions = Dictionary(
            uniqueKeysWithValues: Outcome.allCases.map { outcome in
                (outcome, Counter(label: "sharded_jobs_item_executions_total", dimensions: job + [("outcome", outcome.rawValue)], factory: factory))
            })
        duration = Timer(label: "sharded_jobs_item_duration_seconds", dimensions: job, factory: factory)
        lateness = Timer(label: "sharded_jobs_trigger_lateness_seconds", dimensions: job, factory: factory)
        reshardings = Counter(label: "sharded_jobs_reshardings_total", dimensions: job, factory: factory)
        invalidConfigurations = Counter(label: "sharded_jobs_invalid_configurations_total", dimensions: job, factory: factory)
        catchUpRuns = Counter(label: "sharded_jobs_catch_up_runs_total", dimensions: job, factory: factory)
        failovers = Counter(label: "sharded_jobs_failovers_total", dimensions: job, factory: factory)
        alarmsRaised = Dictionary(
            uniqueKeysWithValues: (CountingRule.names + [MissedFireCheck.name]).map { rule in
                (rule, Counter(label: "sharded_jobs_alarms_raised_total", dimensions: job + [("rule", rule)], factory: factory))
            })
        alarmDeliveryFailures = Counter(label: "sharded_jobs_alarm_delivery_failures_total", dimensions: job, factory: factory)
    }

    /// Counts one item execution that ended with `failure` (nil: it succeeded).
    func executed(_ failure: (any Error)?) {
        executions[Outcome(failure)]?.increment()
    }

    /// Counts one of the machine's metrics.
    func count(_ counter: JobCounter, by amount: Int) {
        switch counter {
        case .fires: fires.increment(by: amount)
        case .skippedFires: skippedFires.increment(by: amount)
        case .reshardings: reshardings.increment(by: amount)
        case .invalidConfigurations: invalidConfigurations.increment(by: amount)
        case .misfires: catchUpRuns.increment(by: amount)
        case .failoverClaims: failovers.increment(by: amount)
        }
    }
}

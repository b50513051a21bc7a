import ExecutionChecker

/// Decides when a cluster has left start-up and its first resharding behind: the latest fire
/// that every job executed completely, with each job's items spread over as many workers as
/// the strategy gives items to (all of them when a job has at least as many items as there are
/// workers).
///
/// With the default `AVG_ALLOCATION` and items ≥ workers, a fire executed on every worker can
/// only come from the final assignment of that job, so a window that starts after it contains
/// no resharding of the start-up. Fires before the last worker's `READY` are ignored.
enum SteadyState {
    /// The latest fire spread over the whole cluster, or nil when there is none yet.
    ///
    /// - Parameters:
    ///   - logs: each worker's parsed output.
    ///   - scenario: the job set the workers run.
    static func latestSpreadFire(_ logs: [ParsedLog], scenario: Scenario) -> Int64? {
        let readies = logs.compactMap { $0.readies.first }
        guard readies.count == logs.count, let lastReady = readies.max() else { return nil }
        let spread = min(scenario.workers, scenario.items)
        // fire → job → (items, tags)
        var fires: [Int64: [String: (items: Set<Int>, tags: Set<String>)]] = [:]
        for log in logs {
            for execution in log.executions where execution.scheduledFire >= lastReady {
                var entry = fires[execution.scheduledFire, default: [:]][execution.job] ?? ([], [])
                entry.items.insert(execution.item)
                entry.tags.insert(execution.tag)
                fires[execution.scheduledFire, default: [:]][execution.job] = entry
            }
        }
        let complete = fires.filter { _, jobs in
            jobs.count == scenario.jobs
                && jobs.values.allSatisfy { $0.items.count == scenario.items && $0.tags.count >= spread }
        }
        return complete.keys.max()
    }

    /// What the latest fire looked like, for the error when the cluster does not settle:
    /// its time, how many item-fires it had of how many, and on which workers.
    ///
    /// - Parameters:
    ///   - logs: each worker's parsed output.
    ///   - scenario: the job set the workers run.
    static func latestFireState(_ logs: [ParsedLog], scenario: Scenario) -> String {
        let executions = logs.flatMap(\.executions)
        guard let latest = executions.map(\.scheduledFire).max() else { return "no EXEC line yet" }
        let fire = executions.filter { $0.scheduledFire == latest }
        let tags = Set(fire.map(\.tag)).sorted().joined(separator: ", ")
        return "latest fire \(latest): \(fire.count) of \(scenario.itemsPerFire) item-fires, on \(tags)"
    }
}

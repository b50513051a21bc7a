/// Sorts the `EXEC` and `FAIL` lines of the checked jobs into what the check needs: the
/// scheduled runs of each item, the commits of each run with a run id, the trigger and
/// off-schedule runs, and the violations of `--forbid` and `--fail-off-schedule`.
///
/// A scheduled job's scheduled runs are its `NORMAL_TRIGGER`, `MISFIRE` and `FAILOVER`
/// executions on its schedule; a dependent job's are its `DEPENDENT` executions (their fires are
/// judged against the owed fires later). Executions with a run id (`BACKFILL`, `ONE_OFF`,
/// `DEPENDENT`) are grouped by (job, source and run id, fire, item) for duplicates, and only
/// there.
struct RunClassifier {
    /// One run id's item-fire: the key of duplicates among executions with a run id (the id
    /// is scoped by its source: `ONE_OFF:r1` and `BACKFILL:r1` are different runs).
    struct RunKey: Hashable, Sendable {
        var job: Int
        var source: Execution.Source
        var runID: String
        var fire: Int64
        var item: Int
    }

    /// The classified runs.
    struct Result: Sendable {
        /// Scheduled runs (commits and failures) per item, unsorted.
        var buckets: [ItemKey: [ScheduledRun]] = [:]
        /// Commits with a run id per (job, run id, fire, item), unsorted.
        var runGroups: [RunKey: [ScheduledRun]] = [:]
    }

    let jobs: [JobSpec]
    let jobIndex: [String: Int]
    let schedules: [ResolvedFireSchedule]
    let failOffSchedule: Bool

    /// Classifies every `EXEC` and `FAIL` line; counts, trigger runs, off-schedule runs,
    /// unchecked jobs and violations go into the report.
    func classify(_ log: ParsedLog, into report: inout CheckReport) -> Result {
        var result = Result()
        var unchecked: Set<String> = []
        classify(log.executions, isCommit: true, into: &result, report: &report, unchecked: &unchecked)
        classify(log.failures, isCommit: false, into: &result, report: &report, unchecked: &unchecked)
        for skip in log.skips where jobIndex[skip.job] == nil {
            unchecked.insert(skip.job)
        }
        report.uncheckedJobs = unchecked.sorted()
        return result
    }

    private func classify(
        _ executions: [Execution], isCommit: Bool, into result: inout Result, report: inout CheckReport,
        unchecked: inout Set<String>
    ) {
        var lastName = "", lastJob: Int? = nil
        for (index, execution) in executions.enumerated() {
            if execution.job != lastName {
                lastName = execution.job
                lastJob = jobIndex[lastName]
            }
            guard let job = lastJob else {
                unchecked.insert(execution.job)
                report.uncheckedJobExecutionCount += 1
                continue
            }
            if !isCommit { report.failedExecutionCount += 1 }
            let spec = jobs[job]
            let isDependentJob = !spec.schedule.upstreams.isEmpty
            let source = execution.source
            let run = ScheduledRun(
                fire: execution.scheduledFire, end: execution.end,
                coversBack: source == .misfire || (isDependentJob && source == .dependent),
                isCommit: isCommit, hasRunID: source.hasRunID, index: index)
            let key = ItemKey(job: job, item: execution.item)
            var isTriggerRun = false
            if source.hasRunID {
                report.runIDExecutionCounts[source, default: 0] += 1
                if isCommit {
                    let runKey = RunKey(job: job, source: source, runID: execution.runID ?? "", fire: execution.scheduledFire, item: execution.item)
                    result.runGroups[runKey, default: []].append(run)
                }
                if isDependentJob && source == .dependent { result.buckets[key, default: []].append(run) }
            } else if !isDependentJob && schedules[job].contains(execution.scheduledFire) {
                result.buckets[key, default: []].append(run)
            } else {
                if source == .normalTrigger {
                    isTriggerRun = true
                    report.triggerRuns.append(execution)
                } else {
                    report.offSchedule.append(execution)
                }
                if failOffSchedule && (source == .normalTrigger || source == .misfire) {
                    let detail = isDependentJob
                        ? "job \(spec.name) depends on other jobs and has no schedule"
                        : "fire \(execution.scheduledFire) is not on job \(spec.name)'s schedule"
                    report.violations.append(.init(
                        rule: .offSchedule, job: spec.name, item: execution.item, fire: execution.scheduledFire,
                        detail: detail, line: execution.description))
                }
            }
            // A backfill runs the fires of its range on purpose, a disabled period's too.
            if !isTriggerRun, source != .backfill, !spec.forbidden.isEmpty,
               let range = spec.forbidden.first(where: { $0.item == execution.item && $0.fires.contains(execution.scheduledFire) }) {
                report.violations.append(.init(
                    rule: .forbidden, job: spec.name, item: execution.item, fire: execution.scheduledFire,
                    detail: "item \(range.item) must not run fires \(range.fires.lowerBound)-\(range.fires.upperBound)",
                    line: execution.description))
            }
        }
    }
}

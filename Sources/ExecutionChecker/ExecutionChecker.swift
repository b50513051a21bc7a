/// Checks worker logs for duplicate executions and lost item-fires (DESIGN section 10).
///
/// The definitions, for each job given in the ``CheckConfiguration``:
///
/// - **Scheduled and trigger runs.** An `EXEC` whose scheduled time is on the job's
///   ``FireSchedule`` is a run of that scheduled fire. A `NORMAL_TRIGGER` one whose scheduled
///   time is not on the schedule is a manual trigger run (its scheduled time is the trigger's
///   time): it neither duplicates nor covers a scheduled fire, and is only counted. `MISFIRE`
///   and `FAILOVER` ones off the schedule are set aside the same way and listed as
///   off-schedule.
/// - **Duplicate.** Two `EXEC` lines with the same job, scheduled fire and item, unless the
///   earlier one's worker was killed within the kill window (200 ms, both ends included)
///   after printing it — its end time is its print time. Executions of one item-fire are
///   taken in order of end time; each one after the first that was not excused is a
///   duplicate of that first one, and one that follows only excused executions is an excused
///   re-run.
/// - **Lost.** A scheduled fire T of an enabled item `0..<itemCount`, inside the checked
///   window (the fire before T at or after the window start, the fire after T plus the work
///   time at or before its end: for a period P, `start + P ≤ T ≤ end − work − P`), that no
///   `EXEC` covers. An `EXEC` covers its own T; a `MISFIRE` one also covers every fire after
///   the scheduled fire of the item's previous `EXEC` (the greatest scheduled fire below its
///   own among the item's scheduled runs, any source, any worker) and before its own — every
///   earlier fire when the item has no previous `EXEC`. A `FAILOVER` one covers its own T.
/// - **N** is the number of (job, scheduled fire, item) triples checked for loss.
///
/// The check sorts each item's executions once and walks them beside the checked fires, so it
/// is linear in the log size apart from that sort.
public struct ExecutionChecker: Sendable {
    /// The jobs, window, work time and kills the check uses.
    public var configuration: CheckConfiguration

    /// Creates a checker.
    ///
    /// - Parameter configuration: The jobs, window, work time and kills.
    public init(configuration: CheckConfiguration) {
        self.configuration = configuration
    }

    /// Checks a log and reports duplicates, lost item-fires and counts.
    ///
    /// - Parameter log: The parsed lines of every worker.
    /// - Returns: The report; its ``CheckReport/summary`` is the line of DESIGN section 10.
    public func check(_ log: ParsedLog) -> CheckReport {
        var report = CheckReport()
        report.executionCount = log.executions.count
        report.beginCount = log.begins.count
        report.fencedCount = log.fenced.count
        report.bootCount = log.boots.count
        report.readyCount = log.readies.count
        report.otherLineCount = log.otherLineCount
        report.malformedLineCount = log.malformedLineCount
        report.malformedSamples = log.malformedSamples

        var jobIndex: [String: Int] = [:]
        var jobs: [JobSpec] = []
        for job in configuration.jobs where jobIndex[job.name] == nil {
            jobIndex[job.name] = jobs.count
            jobs.append(job)
        }
        let schedules = jobs.map { $0.schedule.resolved() }
        let buckets = bucketScheduledRuns(log, jobIndex: jobIndex, schedules: schedules, into: &report)

        var coverage: [ItemKey: ItemCoverage] = [:]
        coverage.reserveCapacity(buckets.count)
        var duplicates: [(key: ItemKey, duplicate: CheckReport.Duplicate)] = []
        var excused: [(key: ItemKey, rerun: CheckReport.ExcusedRerun)] = []
        let finder = DuplicateFinder(kills: configuration.kills, windowMs: configuration.killWindowMs)
        for (key, unsorted) in buckets {
            let runs = unsorted.sorted()
            var itemCoverage = ItemCoverage()
            var runStart = 0
            while runStart < runs.count {
                let fire = runs[runStart].fire
                var misfire = runs[runStart].isMisfire
                var runEnd = runStart + 1
                while runEnd < runs.count, runs[runEnd].fire == fire {
                    misfire = misfire || runs[runEnd].isMisfire
                    runEnd += 1
                }
                itemCoverage.append(fire: fire, misfire: misfire)
                if runEnd - runStart > 1 {
                    let sameFire = runs[runStart..<runEnd].map { log.executions[$0.index] }
                    let (found, reruns) = finder.scan(sameFire)
                    duplicates += found.map { (key, $0) }
                    excused += reruns.map { (key, $0) }
                }
                runStart = runEnd
            }
            coverage[key] = itemCoverage
        }
        report.duplicates = duplicates.sorted { Self.order($0.key, $0.duplicate.scheduledFire, $1.key, $1.duplicate.scheduledFire) }
            .map(\.duplicate)
        report.excusedReruns = excused.sorted { Self.order($0.key, $0.rerun.scheduledFire, $1.key, $1.rerun.scheduledFire) }
            .map(\.rerun)
        findLost(jobs: jobs, schedules: schedules, coverage: coverage, into: &report)
        return report
    }

    /// Sorts the executions of checked jobs into scheduled runs per (job, item); trigger runs, off-schedule runs and executions of other
    /// jobs go into the report.
    private func bucketScheduledRuns(
        _ log: ParsedLog, jobIndex: [String: Int], schedules: [ResolvedFireSchedule],
        into report: inout CheckReport
    ) -> [ItemKey: [ScheduledRun]] {
        var buckets: [ItemKey: [ScheduledRun]] = [:]
        var uncheckedJobs: Set<String> = []
        var lastName = "", lastJob: Int? = nil
        for (index, execution) in log.executions.enumerated() {
            if execution.job != lastName {
                lastName = execution.job
                lastJob = jobIndex[lastName]
            }
            guard let job = lastJob else {
                uncheckedJobs.insert(execution.job)
                report.uncheckedJobExecutionCount += 1
                continue
            }
            guard schedules[job].contains(execution.scheduledFire) else {
                if execution.source == .normalTrigger {
                    report.triggerRuns.append(execution)
                } else {
                    report.offSchedule.append(execution)
                }
                continue
            }
            buckets[ItemKey(job: job, item: execution.item), default: []].append(ScheduledRun(
                fire: execution.scheduledFire, end: execution.end,
                isMisfire: execution.source == .misfire, index: index))
        }
        report.uncheckedJobs = uncheckedJobs.sorted()
        return buckets
    }

    /// Walks each enabled item's checked fires beside its coverage and records the lost ones.
    private func findLost(
        jobs: [JobSpec], schedules: [ResolvedFireSchedule], coverage: [ItemKey: ItemCoverage],
        into report: inout CheckReport
    ) {
        let excluded = configuration.excludedFires
        for (jobNumber, job) in jobs.enumerated() {
            let fires = schedules[jobNumber].checkedFires(
                start: configuration.windowStart, end: configuration.windowEnd, workMs: configuration.workMs
            ).filter { fire in !excluded.contains { $0.contains(fire) } }
            guard !fires.isEmpty else { continue }
            var lost: [CheckReport.LostItemFire] = []
            for item in 0..<max(0, job.itemCount) where !job.isAlwaysDisabled(item) {
                let hasDisabledRanges = job.disabled.contains { $0.item == item }
                var cursor = coverage[ItemKey(job: jobNumber, item: item)]?.cursor() ?? ItemCoverage().cursor()
                for fire in fires {
                    if hasDisabledRanges, job.isDisabled(item, at: fire) { continue }
                    report.itemFiresChecked += 1
                    if !cursor.covers(fire) {
                        lost.append(.init(job: job.name, scheduledFire: fire, item: item))
                    }
                }
            }
            lost.sort { ($0.scheduledFire, $0.item) < ($1.scheduledFire, $1.item) }
            report.lost += lost
        }
    }

    /// Orders report entries by job (configuration order), fire, then item.
    private static func order(_ lhs: ItemKey, _ lhsFire: Int64, _ rhs: ItemKey, _ rhsFire: Int64) -> Bool {
        (lhs.job, lhsFire, lhs.item) < (rhs.job, rhsFire, rhs.item)
    }
}

/// Checks worker logs for duplicate executions, lost item-fires and broken rules (DESIGN
/// sections 10 and 12.3).
///
/// The definitions, for each job given in the ``CheckConfiguration``:
///
/// - **Scheduled and trigger runs.** An `EXEC` or `FAIL` whose scheduled time is on the job's
///   ``FireSchedule`` is a run of that scheduled fire (for a dependent job: every `DEPENDENT`
///   execution). A `NORMAL_TRIGGER` one whose scheduled time is not on the schedule is a manual
///   trigger run (its scheduled time is the trigger's time): it neither duplicates nor covers a
///   scheduled fire, and is only counted. `MISFIRE` and `FAILOVER` ones off the schedule are set
///   aside the same way and listed as off-schedule; with ``CheckConfiguration/failOffSchedule``
///   an off-schedule `NORMAL_TRIGGER` or `MISFIRE` is a violation.
/// - **Runs with a run id** (`BACKFILL`, `ONE_OFF`, `DEPENDENT`) are checked for duplicates by
///   (job, run id, fire, item), apart from the scheduled fires; the run id is scoped by its
///   source.
/// - **Duplicate.** Two `EXEC` lines with the same job, scheduled fire and item (and run id),
///   unless the earlier one's worker was killed or cut off at u with `end − 500 ≤ u ≤ end +
///   200`, `end` being its end (print) time, and — where the configuration knows them — the
///   later one started after that worker's session ended (``CheckConfiguration/Kill/sessionEnd``)
///   and before the item's recorded `last` reached the fire (``RecordedLast``). Commits of one
///   item-fire are taken in order of end time; each one after the first that was not excused
///   is a duplicate of that first one, and one that follows only excused commits is an
///   excused re-run. A `FAIL` is never a duplicate.
/// - **Lost.** A scheduled fire T of an enabled item `0..<itemCount`, inside the checked
///   window (the fire before T at or after the window start, the fire after T plus the work
///   time at or before its end: for a period P, `start + P ≤ T ≤ end − work − P`), that no
///   `EXEC`, `FAIL` or allowed `SKIP` covers. An execution covers its own T; a `MISFIRE` one
///   also covers every fire after the scheduled fire of the item's previous execution (the
///   greatest scheduled fire below its own among the item's scheduled runs, any source, any
///   worker) and before its own — every earlier fire when the item has no previous execution.
///   A `FAILOVER` one covers its own T. A dependent job's fires are its owed fires
///   (``DependentFires``), and each `DEPENDENT` run covers back like a `MISFIRE`.
/// - **Violations.** A `SKIP` the job's policy does not allow, an execution of a forbidden
///   item-fire that is not a manual trigger run, and off-schedule runs as above.
/// - **N** is the number of (job, scheduled fire, item) triples checked for loss.
///
/// The check sorts each item's executions once and walks them beside the checked fires, so it
/// is linear in the log size apart from that sort.
public struct ExecutionChecker: Sendable {
    /// The jobs, window, work time, kills and rules the check uses.
    public var configuration: CheckConfiguration

    /// Creates a checker.
    ///
    /// - Parameter configuration: The jobs, window, work time, kills and rules.
    public init(configuration: CheckConfiguration) {
        self.configuration = configuration
    }

    /// Checks a log and reports duplicates, lost item-fires, violations and counts.
    ///
    /// - Parameter log: The parsed lines of every worker.
    /// - Returns: The report; its ``CheckReport/summary`` starts with the line of DESIGN
    ///   section 10.
    public func check(_ log: ParsedLog) -> CheckReport {
        var report = CheckReport(counting: log)
        var jobIndex: [String: Int] = [:]
        var jobs: [JobSpec] = []
        for job in configuration.jobs where jobIndex[job.name] == nil {
            jobIndex[job.name] = jobs.count
            jobs.append(job)
        }
        var schedules = jobs.map { $0.schedule.resolved() }
        let classifier = RunClassifier(
            jobs: jobs, jobIndex: jobIndex, schedules: schedules, failOffSchedule: configuration.failOffSchedule)
        let classified = classifier.classify(log, into: &report)

        let upstreams = Set(jobs.flatMap(\.schedule.upstreams))
        var upstreamRuns: [String: [Int: [ScheduledRun]]] = [:]
        var coverage: [ItemKey: ItemCoverage] = [:]
        coverage.reserveCapacity(classified.buckets.count)
        var duplicates: [(key: ItemKey, duplicate: CheckReport.Duplicate)] = []
        var excused: [(key: ItemKey, rerun: CheckReport.ExcusedRerun)] = []
        let finder = DuplicateFinder(configuration: configuration)
        for (key, unsorted) in classified.buckets {
            let runs = unsorted.sorted()
            if upstreams.contains(jobs[key.job].name) { upstreamRuns[jobs[key.job].name, default: [:]][key.item] = runs }
            var itemCoverage = ItemCoverage()
            var runStart = 0
            while runStart < runs.count {
                let fire = runs[runStart].fire
                var coversBack = runs[runStart].coversBack
                var runEnd = runStart + 1
                while runEnd < runs.count, runs[runEnd].fire == fire {
                    coversBack = coversBack || runs[runEnd].coversBack
                    runEnd += 1
                }
                itemCoverage.append(fire: fire, misfire: coversBack)
                let commits = runs[runStart..<runEnd].filter { $0.isCommit && !$0.hasRunID }
                if commits.count > 1 {
                    let (found, reruns) = finder.scan(commits.map { $0.execution(in: log) }, scheduled: true)
                    duplicates += found.map { (key, $0) }
                    excused += reruns.map { (key, $0) }
                }
                runStart = runEnd
            }
            coverage[key] = itemCoverage
        }
        for (key, commits) in classified.runGroups where commits.count > 1 {
            let (found, reruns) = finder.scan(commits.sorted().map { $0.execution(in: log) }, scheduled: false)
            let itemKey = ItemKey(job: key.job, item: key.item)
            duplicates += found.map { (itemKey, $0) }
            excused += reruns.map { (itemKey, $0) }
        }
        report.duplicates = duplicates.sorted { lhs, rhs in
            Self.order(lhs.key, lhs.duplicate.second, rhs.key, rhs.duplicate.second)
        }.map(\.duplicate)
        report.excusedReruns = excused.sorted { lhs, rhs in
            Self.order(lhs.key, lhs.rerun.rerun, rhs.key, rhs.rerun.rerun)
        }.map(\.rerun)

        resolveDependents(jobs: jobs, upstreamRuns: upstreamRuns, buckets: classified.buckets, log: log,
                          schedules: &schedules, into: &report)
        let skipped = SkipCoverage.judge(log.skips, jobs: jobs, jobIndex: jobIndex, schedules: schedules, into: &report)
        report.violations.sort { lhs, rhs in
            (jobIndex[lhs.job] ?? 0, lhs.fire, lhs.item, lhs.rule.rawValue, lhs.line)
                < (jobIndex[rhs.job] ?? 0, rhs.fire, rhs.item, rhs.rule.rawValue, rhs.line)
        }
        findLost(jobs: jobs, schedules: schedules, coverage: coverage, skipped: skipped, into: &report)
        return report
    }

    /// Computes each dependent job's owed fires into its schedule, and lists its `DEPENDENT`
    /// runs at fires that are not owed as off-schedule.
    private func resolveDependents(
        jobs: [JobSpec], upstreamRuns: [String: [Int: [ScheduledRun]]], buckets: [ItemKey: [ScheduledRun]],
        log: ParsedLog, schedules: inout [ResolvedFireSchedule], into report: inout CheckReport
    ) {
        var completions: [String: [DependentFires.Completion]] = [:]
        for job in jobs where !job.schedule.upstreams.isEmpty {
            for upstream in job.schedule.upstreams where completions[upstream] == nil {
                let spec = jobs.first { $0.name == upstream }
                completions[upstream] = spec.map { DependentFires.completions(of: $0, runs: upstreamRuns[upstream] ?? [:]) } ?? []
            }
        }
        for (number, job) in jobs.enumerated() {
            guard case .dependent(let upstreams, let onFailure) = job.schedule else { continue }
            let owed = DependentFires.owed(upstreams: upstreams.map { completions[$0] ?? [] }, onFailure: onFailure)
            schedules[number] = FireSchedule.explicit(owed).resolved()
            report.owedFires[job.name] = owed
            var strays: [Execution] = []
            for (key, runs) in buckets where key.job == number {
                strays += runs.filter { !schedules[number].contains($0.fire) }.map { $0.execution(in: log) }
            }
            report.offSchedule += strays.sorted { ($0.scheduledFire, $0.item, $0.end) < ($1.scheduledFire, $1.item, $1.end) }
        }
    }

    /// Walks each enabled item's checked fires beside its coverage and records the lost ones.
    private func findLost(
        jobs: [JobSpec], schedules: [ResolvedFireSchedule], coverage: [ItemKey: ItemCoverage],
        skipped: [ItemKey: SkipCoverage], into report: inout CheckReport
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
                let key = ItemKey(job: jobNumber, item: item)
                var cursor = coverage[key]?.cursor() ?? ItemCoverage().cursor()
                var skipCursor = skipped[key]?.cursor() ?? SkipCoverage().cursor()
                for fire in fires {
                    if hasDisabledRanges, job.isDisabled(item, at: fire) { continue }
                    report.itemFiresChecked += 1
                    if cursor.covers(fire) { continue }
                    if skipCursor.covers(fire) {
                        report.skippedItemFires += 1
                    } else {
                        lost.append(.init(job: job.name, scheduledFire: fire, item: item))
                    }
                }
            }
            lost.sort { ($0.scheduledFire, $0.item) < ($1.scheduledFire, $1.item) }
            report.lost += lost
        }
    }

    /// Orders report entries by job (configuration order), fire, item, run id, then the later
    /// execution's end time and place in the input.
    private static func order(_ lhs: ItemKey, _ lhsRun: Execution, _ rhs: ItemKey, _ rhsRun: Execution) -> Bool {
        let left = (lhs.job, lhsRun.scheduledFire, lhs.item, lhsRun.runID ?? "", lhsRun.end)
        let right = (rhs.job, rhsRun.scheduledFire, rhs.item, rhsRun.runID ?? "", rhsRun.end)
        if left != right { return left < right }
        return (lhsRun.location?.file ?? "", lhsRun.location?.line ?? 0) < (rhsRun.location?.file ?? "", rhsRun.location?.line ?? 0)
    }
}

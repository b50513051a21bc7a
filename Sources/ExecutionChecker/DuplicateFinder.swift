/// Finds the duplicates among the commits of one item-fire, excusing re-runs by the kill and
/// cut window.
///
/// An execution's re-run is excused when its worker was killed or cut off at u with
/// `end − before ≤ u ≤ end + after` (500 and 200 ms by default, `after` plus twice the
/// event's ``CheckConfiguration/Kill/linkDelayMs``), where `end` is its `EXEC` line's end time
/// (its print time). After the end: the commit window of DESIGN section 10, a
/// process killed after its commit and before the library recorded the completion. Before it:
/// a worker cut off from ZooKeeper passes its commit check for at most 0.5 s after the cut
/// (DESIGN 12.4), and a kill recorded just before the signal lands may precede the last line
/// the process printed. A worker tag may be killed or cut several times (a worker restarted
/// under the same tag), so each tag keeps a sorted list of events.
///
/// Taking one item-fire's commits in order of end time, the first one whose worker was not
/// killed or cut within the window is the standing commit; every commit after it is a
/// duplicate of it, and each commit before it (all excused) is followed by an excused re-run.
/// An event that knows when the worker's session ended (``CheckConfiguration/Kill/sessionEnd``)
/// excuses only a re-run that starts at or after that time, and no event excuses a re-run of a
/// scheduled fire that starts after its item's recorded `last` reached it (``RecordedLast``):
/// either makes the excused commit the standing one.
struct DuplicateFinder: Sendable {
    /// A kill or cut of a worker.
    private struct Event: Sendable {
        var time: Int64
        var cause: CheckReport.ExcusedRerun.Cause
        /// Re-runs that start before this are not excused.
        var sessionEnd: Int64?
        /// How much later than usual the worker's completions arrived (both ways of its link).
        var recordingDelay: Int64 = 0
        /// The one job whose re-runs it excuses, if only one.
        var job: String?
    }

    /// Kill and cut times per worker tag, ascending.
    private let events: [String: [Event]]
    /// How long after an end time an event excuses.
    private let afterMs: Int64
    /// How long before an end time an event excuses.
    private let beforeMs: Int64
    /// Per job and item, the times its recorded `last` rose, with the highest value so far.
    private let recorded: [String: [Int: [(time: Int64, highest: Int64)]]]

    /// Indexes a run's kills and cuts.
    ///
    /// - Parameter configuration: The kills, cuts and window of the check.
    init(configuration: CheckConfiguration) {
        var events: [String: [Event]] = [:]
        let all = configuration.kills.map { ($0, CheckReport.ExcusedRerun.Cause.kill) } + configuration.cuts.map { ($0, .cut) }
        for (event, cause) in all {
            events[event.tag, default: []].append(
                Event(
                    time: event.time, cause: cause, sessionEnd: event.sessionEnd, recordingDelay: 2 * event.linkDelayMs,
                    job: event.job))
        }
        self.events = events.mapValues { $0.sorted { $0.time < $1.time } }
        self.afterMs = configuration.killWindowMs
        self.beforeMs = configuration.excuseBeforeEndMs
        var recorded: [String: [Int: [(time: Int64, highest: Int64)]]] = [:]
        for job in configuration.jobs where recorded[job.name] == nil {
            var items: [Int: [(time: Int64, highest: Int64)]] = [:]
            for record in job.recorded.sorted(by: { ($0.time, $0.last) < ($1.time, $1.last) }) {
                let highest = max(record.last, items[record.item]?.last?.highest ?? .min)
                items[record.item, default: []].append((record.time, highest))
            }
            recorded[job.name] = items
        }
        self.recorded = recorded
    }

    /// The duplicates and excused re-runs among the commits of one item-fire.
    ///
    /// - Parameters:
    ///   - runs: The item-fire's commits in order of end time (ties in input order).
    ///   - scheduled: Whether they are runs of a scheduled fire, whose recorded completion
    ///     ends every excuse (runs with a run id are not).
    func scan(
        _ runs: [Execution], scheduled: Bool
    ) -> (duplicates: [CheckReport.Duplicate], excused: [CheckReport.ExcusedRerun]) {
        let recordedAt = scheduled ? runs.first.flatMap(recordedTime) : nil
        var duplicates: [CheckReport.Duplicate] = []
        var excused: [CheckReport.ExcusedRerun] = []
        var standing: Execution?
        var previous: (execution: Execution, events: [Event])?
        for execution in runs {
            if let standing {
                duplicates.append(.init(
                    job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                    first: standing, second: execution))
            } else if let previous {
                // Any of the earlier commit's events may excuse this re-run.
                let event = previous.events.first { event in
                    execution.start >= event.sessionEnd ?? .min && execution.start < recordedAt ?? .max
                }
                if let event {
                    excused.append(.init(
                        job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                        killed: previous.execution, rerun: execution, killTime: event.time, cause: event.cause))
                } else {
                    standing = previous.execution
                    duplicates.append(.init(
                        job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                        first: previous.execution, second: execution))
                }
            }
            if standing == nil {
                let events = excusingEvents(of: execution)
                if events.isEmpty {
                    standing = execution
                } else {
                    previous = (execution, events)
                }
            }
        }
        return (duplicates, excused)
    }

    /// When the execution's item's recorded `last` first reached its scheduled fire, if known.
    private func recordedTime(of execution: Execution) -> Int64? {
        guard let rises = recorded[execution.job]?[execution.item] else { return nil }
        var low = 0
        var high = rises.count
        while low < high {
            let middle = (low + high) / 2
            if rises[middle].highest >= execution.scheduledFire { high = middle } else { low = middle + 1 }
        }
        return low < rises.count ? rises[low].time : nil
    }

    /// The kills and cuts of the execution's worker within the window around its end time,
    /// earliest first; empty when none excuses a re-run of it.
    private func excusingEvents(of execution: Execution) -> [Event] {
        guard let times = events[execution.tag] else { return [] }
        // The lists are short: a linear scan will do.
        return times.filter { event in
            (event.job ?? execution.job) == execution.job && event.time >= execution.end - beforeMs && event.time <= execution.end + afterMs + event.recordingDelay
        }
    }
}

/// Finds the duplicates among the commits of one item-fire, excusing re-runs by the kill and
/// cut window.
///
/// An execution's re-run is excused when its worker was killed or cut off at u with
/// `end − before ≤ u ≤ end + after` (500 and 200 ms by default), where `end` is its `EXEC`
/// line's end time (its print time). After the end: the commit window of DESIGN section 10, a
/// process killed after its commit and before the library recorded the completion. Before it:
/// a worker cut off from ZooKeeper passes its commit check for at most 0.5 s after the cut
/// (DESIGN 12.4), and a kill recorded just before the signal lands may precede the last line
/// the process printed. A worker tag may be killed or cut several times (a worker restarted
/// under the same tag), so each tag keeps a sorted list of events.
///
/// Taking one item-fire's commits in order of end time, the first one whose worker was not
/// killed or cut within the window is the standing commit; every commit after it is a
/// duplicate of it, and each commit before it (all excused) is followed by an excused re-run.
struct DuplicateFinder: Sendable {
    /// A kill or cut of a worker.
    private struct Event: Sendable {
        var time: Int64
        var cause: CheckReport.ExcusedRerun.Cause
    }

    /// Kill and cut times per worker tag, ascending.
    private let events: [String: [Event]]
    /// How long after an end time an event excuses.
    private let afterMs: Int64
    /// How long before an end time an event excuses.
    private let beforeMs: Int64

    /// Indexes a run's kills and cuts.
    ///
    /// - Parameter configuration: The kills, cuts and window of the check.
    init(configuration: CheckConfiguration) {
        var events: [String: [Event]] = [:]
        for kill in configuration.kills {
            events[kill.tag, default: []].append(Event(time: kill.time, cause: .kill))
        }
        for cut in configuration.cuts {
            events[cut.tag, default: []].append(Event(time: cut.time, cause: .cut))
        }
        self.events = events.mapValues { $0.sorted { $0.time < $1.time } }
        self.afterMs = configuration.killWindowMs
        self.beforeMs = configuration.excuseBeforeEndMs
    }

    /// The duplicates and excused re-runs among the commits of one item-fire.
    ///
    /// - Parameter runs: The item-fire's commits in order of end time (ties in input order).
    func scan(_ runs: [Execution]) -> (duplicates: [CheckReport.Duplicate], excused: [CheckReport.ExcusedRerun]) {
        var duplicates: [CheckReport.Duplicate] = []
        var excused: [CheckReport.ExcusedRerun] = []
        var standing: Execution?
        var previous: (execution: Execution, event: Event)?
        for execution in runs {
            if let standing {
                duplicates.append(.init(
                    job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                    first: standing, second: execution))
            } else if let previous {
                excused.append(.init(
                    job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                    killed: previous.execution, rerun: execution, killTime: previous.event.time,
                    cause: previous.event.cause))
            }
            if standing == nil {
                if let event = excusingEvent(of: execution) {
                    previous = (execution, event)
                } else {
                    standing = execution
                }
            }
        }
        return (duplicates, excused)
    }

    /// The earliest kill or cut of the execution's worker within the window around its end
    /// time, or `nil` when none excuses a re-run of it.
    private func excusingEvent(of execution: Execution) -> Event? {
        guard let times = events[execution.tag] else { return nil }
        // The lists are short: a linear scan will do.
        return times.first { event in
            event.time >= execution.end - beforeMs && event.time <= execution.end + afterMs
        }
    }
}

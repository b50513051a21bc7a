/// Finds the duplicates among the executions of one item-fire, excusing re-runs by the kill
/// window.
///
/// An execution's re-run is excused when its worker was killed within the kill window after
/// it printed its `EXEC` line: a kill at time K with `end ≤ K ≤ end + window`, where `end` is
/// the line's end time (its print time) — the commit window of DESIGN section 10, a process
/// killed after its commit and before the library recorded the completion. A worker tag may
/// be killed several times (a worker restarted under the same tag), so each tag keeps a sorted
/// list of kill times.
///
/// Taking one item-fire's executions in order of end time, the first one whose worker was not
/// killed within the window is the standing commit; every execution after it is a duplicate of
/// it, and each execution before it (all excused) is followed by an excused re-run.
struct DuplicateFinder: Sendable {
    /// Kill times per worker tag, ascending.
    private let kills: [String: [Int64]]
    /// The kill window in milliseconds.
    private let windowMs: Int64

    /// Indexes a run's kills.
    ///
    /// - Parameters:
    ///   - kills: The kills, in any order.
    ///   - windowMs: The kill window, both ends included.
    init(kills: [CheckConfiguration.Kill], windowMs: Int64) {
        var times: [String: [Int64]] = [:]
        for kill in kills {
            times[kill.tag, default: []].append(kill.time)
        }
        self.kills = times.mapValues { $0.sorted() }
        self.windowMs = windowMs
    }

    /// The duplicates and excused re-runs among the executions of one item-fire.
    ///
    /// - Parameter runs: The item-fire's executions in order of end time (ties in input order).
    func scan(_ runs: [Execution]) -> (duplicates: [CheckReport.Duplicate], excused: [CheckReport.ExcusedRerun]) {
        var duplicates: [CheckReport.Duplicate] = []
        var excused: [CheckReport.ExcusedRerun] = []
        var standing: Execution?
        var previous: (execution: Execution, killTime: Int64)?
        for execution in runs {
            if let standing {
                duplicates.append(.init(
                    job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                    first: standing, second: execution))
            } else if let previous {
                excused.append(.init(
                    job: execution.job, scheduledFire: execution.scheduledFire, item: execution.item,
                    killed: previous.execution, rerun: execution, killTime: previous.killTime))
            }
            if standing == nil {
                if let killTime = excusingKill(of: execution) {
                    previous = (execution, killTime)
                } else {
                    standing = execution
                }
            }
        }
        return (duplicates, excused)
    }

    /// The earliest kill of the execution's worker within the window after its end time, or
    /// `nil` when no kill excuses a re-run of it.
    ///
    /// - Parameter execution: An execution of an item-fire.
    func excusingKill(of execution: Execution) -> Int64? {
        guard let times = kills[execution.tag] else { return nil }
        // The first kill at or after the end time; the list is short, a linear scan will do.
        guard let kill = times.first(where: { $0 >= execution.end }),
              kill - execution.end <= windowMs
        else { return nil }
        return kill
    }
}

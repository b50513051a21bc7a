/// The kills of a run, indexed by worker tag, answering whether a kill excuses a re-run.
///
/// An execution's re-run is excused when its worker was killed within the kill window after
/// it printed its `EXEC` line: a kill at time K with `end ≤ K ≤ end + window`, where `end` is
/// the line's end time (its print time). A worker tag may be killed several times (a worker
/// restarted under the same tag), so each tag keeps a sorted list of kill times.
struct KillIndex: Sendable {
    /// Kill times per worker tag, ascending.
    private let times: [String: [Int64]]
    /// The kill window in milliseconds.
    private let windowMs: Int64

    /// Indexes a run's kills.
    ///
    /// - Parameters:
    ///   - kills: The kills, in any order.
    ///   - windowMs: The kill window, both ends included.
    init(_ kills: [CheckConfiguration.Kill], windowMs: Int64) {
        var times: [String: [Int64]] = [:]
        for kill in kills {
            times[kill.tag, default: []].append(kill.time)
        }
        self.times = times.mapValues { $0.sorted() }
        self.windowMs = windowMs
    }

    /// The earliest kill of the execution's worker within the window after its end time, or
    /// `nil` when no kill excuses a re-run of it.
    ///
    /// - Parameter execution: The earlier execution of an item-fire.
    func excusingKill(of execution: Execution) -> Int64? {
        guard let kills = times[execution.tag] else { return nil }
        // The first kill at or after the end time; the list is short, a linear scan will do.
        guard let kill = kills.first(where: { $0 >= execution.end }),
              kill - execution.end <= windowMs
        else { return nil }
        return kill
    }
}

/// Identifies one item of one checked job (the job by its position in the configuration).
struct ItemKey: Hashable, Sendable {
    /// The job's index among the checked jobs.
    var job: Int
    /// The sharding item.
    var item: Int
}

/// One execution (`EXEC` or `FAIL`) of a scheduled fire of one item, reduced to what ordering
/// and coverage need.
///
/// Runs order by scheduled fire, then end time (the earlier completion first), then input
/// order (commits before failures).
struct ScheduledRun: Comparable, Sendable {
    /// The scheduled fire.
    var fire: Int64
    /// The end (print) time.
    var end: Int64
    /// Whether the execution stands for every fire since the item's previous one: a `MISFIRE`
    /// run, or a dependent job's `DEPENDENT` run (coalesced sets).
    var coversBack: Bool
    /// Whether it is an `EXEC` (a commit) rather than a `FAIL`.
    var isCommit: Bool
    /// Whether its source carries a run id: its duplicates are keyed by the run id, not here.
    var hasRunID: Bool
    /// The execution's index in the parsed log's ``ParsedLog/executions`` (a commit) or
    /// ``ParsedLog/failures``.
    var index: Int

    /// The execution in the parsed log.
    func execution(in log: ParsedLog) -> Execution {
        isCommit ? log.executions[index] : log.failures[index]
    }

    static func < (lhs: ScheduledRun, rhs: ScheduledRun) -> Bool {
        (lhs.fire, lhs.end, lhs.isCommit ? 0 : 1, lhs.index) < (rhs.fire, rhs.end, rhs.isCommit ? 0 : 1, rhs.index)
    }
}

/// Which scheduled fires of one item the `EXEC` and `FAIL` lines cover.
///
/// It holds the item's distinct scheduled fires that have at least one execution, ascending,
/// and for each whether one of those executions stands for earlier fires (a `MISFIRE`). A fire
/// F is covered when the smallest executed fire at or above F is F itself, or is a `MISFIRE`
/// run: the executed fire before that one is then below F, so F lies after the item's previous
/// execution and before the `MISFIRE` (DESIGN section 10). With no executed fire below it, a
/// `MISFIRE` covers every earlier fire.
struct ItemCoverage: Sendable {
    /// The executed scheduled fires, ascending and distinct.
    private(set) var fires: [Int64] = []
    /// For each of ``fires``, whether a `MISFIRE` execution stands for it.
    private(set) var misfire: [Bool] = []

    /// Adds the next executed fire; fires must be appended in ascending order.
    mutating func append(fire: Int64, misfire isMisfire: Bool) {
        fires.append(fire)
        misfire.append(isMisfire)
    }

    /// A cursor for asking about fires in ascending order.
    func cursor() -> Cursor {
        Cursor(coverage: self)
    }

    /// Answers "is F covered?" for ascending fires F in amortised constant time.
    struct Cursor {
        private let coverage: ItemCoverage
        private var position = 0

        init(coverage: ItemCoverage) {
            self.coverage = coverage
        }

        /// True when `fire` is covered; successive calls must pass ascending fires.
        mutating func covers(_ fire: Int64) -> Bool {
            let fires = coverage.fires
            while position < fires.count, fires[position] < fire { position += 1 }
            guard position < fires.count else { return false }
            return fires[position] == fire || coverage.misfire[position]
        }
    }
}

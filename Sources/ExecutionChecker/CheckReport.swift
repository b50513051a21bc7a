/// The result of a check: duplicates, lost item-fires, excused re-runs, violations, the counts
/// and the summary line.
///
/// ``summary`` starts with the line of DESIGN section 10, `item-fires checked N, duplicates D,
/// lost L`, and goes on with the counts of DESIGN 12.3; ``render(limit:)`` gives the whole
/// report as text with the summary last. Lists are sorted by job (in configuration order),
/// scheduled fire and item.
public struct CheckReport: Sendable {
    /// Two commits of the same job, scheduled fire and item (and run id, for the sources that
    /// carry one) that no kill or cut excuses.
    public struct Duplicate: Sendable, Hashable {
        /// The job's name.
        public var job: String
        /// The scheduled fire, epoch milliseconds.
        public var scheduledFire: Int64
        /// The sharding item.
        public var item: Int
        /// The execution that committed first (by end time) and was not excused.
        public var first: Execution
        /// The later execution of the same item-fire.
        public var second: Execution

        /// Creates a duplicate record.
        ///
        /// - Parameters:
        ///   - job: The job's name.
        ///   - scheduledFire: The scheduled fire.
        ///   - item: The sharding item.
        ///   - first: The execution that committed first.
        ///   - second: The later one.
        public init(job: String, scheduledFire: Int64, item: Int, first: Execution, second: Execution) {
            self.job = job
            self.scheduledFire = scheduledFire
            self.item = item
            self.first = first
            self.second = second
        }
    }

    /// A re-run of an item-fire excused by the kill and cut window: the earlier execution's
    /// worker was killed or cut off at u with `end − 500 ≤ u ≤ end + 200` around its `EXEC`
    /// line's end time.
    public struct ExcusedRerun: Sendable, Hashable {
        /// What happened to the earlier execution's worker.
        public enum Cause: String, Sendable, Hashable {
            /// It was killed (`--kill`).
            case kill = "killed"
            /// It was cut off: partition, link down, freeze start (`--cut`).
            case cut
        }

        /// The job's name.
        public var job: String
        /// The scheduled fire, epoch milliseconds.
        public var scheduledFire: Int64
        /// The sharding item.
        public var item: Int
        /// The earlier execution, whose worker was killed or cut off.
        public var killed: Execution
        /// The later execution of the same item-fire.
        public var rerun: Execution
        /// When the earlier execution's worker was killed or cut off, epoch milliseconds.
        public var killTime: Int64
        /// Whether it was killed or cut off.
        public var cause: Cause

        /// Creates an excused re-run record.
        ///
        /// - Parameters:
        ///   - job: The job's name.
        ///   - scheduledFire: The scheduled fire.
        ///   - item: The sharding item.
        ///   - killed: The earlier execution, whose worker was killed or cut off.
        ///   - rerun: The later one.
        ///   - killTime: The kill or cut time.
        ///   - cause: Whether the worker was killed (the default) or cut off.
        public init(
            job: String, scheduledFire: Int64, item: Int, killed: Execution, rerun: Execution, killTime: Int64,
            cause: Cause = .kill
        ) {
            self.job = job
            self.scheduledFire = scheduledFire
            self.item = item
            self.killed = killed
            self.rerun = rerun
            self.killTime = killTime
            self.cause = cause
        }
    }

    /// A scheduled (or owed) fire of an enabled item, inside the checked window, that no
    /// `EXEC`, `FAIL` or allowed `SKIP` covers.
    public struct LostItemFire: Sendable, Hashable {
        /// The job's name.
        public var job: String
        /// The scheduled fire, epoch milliseconds.
        public var scheduledFire: Int64
        /// The sharding item.
        public var item: Int

        /// Creates a lost item-fire record.
        ///
        /// - Parameters:
        ///   - job: The job's name.
        ///   - scheduledFire: The scheduled fire.
        ///   - item: The sharding item.
        public init(job: String, scheduledFire: Int64, item: Int) {
            self.job = job
            self.scheduledFire = scheduledFire
            self.item = item
        }
    }

    /// N: the number of (job, scheduled fire, item) triples checked for loss.
    public var itemFiresChecked = 0
    /// The duplicates; D is their count.
    public var duplicates: [Duplicate] = []
    /// The lost item-fires; L is their count.
    public var lost: [LostItemFire] = []
    /// Re-runs excused by a kill or cut (not duplicates; listed and counted apart, E).
    public var excusedReruns: [ExcusedRerun] = []
    /// Lines that break a rule of DESIGN 12.3 — a `SKIP` the job's policy does not allow, a
    /// forbidden execution, an off-schedule execution with `failOffSchedule`; V is their count.
    public var violations: [Violation] = []
    /// `NORMAL_TRIGGER` executions of checked jobs whose scheduled time is not on the
    /// schedule: manual trigger runs, which neither duplicate nor cover a scheduled fire.
    public var triggerRuns: [Execution] = []
    /// `MISFIRE` and `FAILOVER` executions of checked jobs whose scheduled time is not on the
    /// schedule, and `DEPENDENT` ones at a fire that is not owed; like trigger runs they are
    /// left out of the scheduled fires' check, but none is expected.
    public var offSchedule: [Execution] = []
    /// Each dependent job's owed fires, computed from its upstreams' lines, ascending.
    public var owedFires: [String: [Int64]] = [:]
    /// How many executions of checked jobs carry a run id, per source (`BACKFILL`, `ONE_OFF`,
    /// `DEPENDENT`).
    public var runIDExecutionCounts: [Execution.Source: Int] = [:]
    /// F: how many `FAIL` lines belong to checked jobs.
    public var failedExecutionCount = 0
    /// S: how many checked item-fires only an allowed `SKIP` covers.
    public var skippedItemFires = 0
    /// The names of jobs seen in `EXEC`, `FAIL` or `SKIP` lines that were not given to the
    /// checker, sorted.
    public var uncheckedJobs: [String] = []
    /// How many `EXEC` and `FAIL` lines belong to jobs not given to the checker.
    public var uncheckedJobExecutionCount = 0
    /// How many `EXEC` lines were read.
    public var executionCount = 0
    /// How many `FAIL` lines were read.
    public var failureCount = 0
    /// How many `SKIP` lines were read.
    public var skipCount = 0
    /// How many `BEGIN` lines were read.
    public var beginCount = 0
    /// How many `FENCED` lines were read.
    public var fencedCount = 0
    /// How many `BOOT` lines were read.
    public var bootCount = 0
    /// How many `READY` lines were read.
    public var readyCount = 0
    /// How many other lines (worker logging, blank lines) were read and ignored.
    public var otherLineCount = 0
    /// How many malformed lines were read and ignored.
    public var malformedLineCount = 0
    /// The first malformed lines with their locations.
    public var malformedSamples: [(location: LogLine.Location, text: String)] = []
    /// How many lines had an unknown source or skip reason (a usage error).
    public var unknownWordCount = 0
    /// The first lines with an unknown source or skip reason, with their locations.
    public var unknownWords: [(location: LogLine.Location, line: LogLine.UnknownWord)] = []

    /// Creates an empty report; the checker fills it in.
    public init() {}

    /// Creates a report holding a log's line counts and samples.
    init(counting log: ParsedLog) {
        executionCount = log.executions.count
        failureCount = log.failures.count
        skipCount = log.skips.count
        beginCount = log.begins.count
        fencedCount = log.fenced.count
        bootCount = log.boots.count
        readyCount = log.readies.count
        otherLineCount = log.otherLineCount
        malformedLineCount = log.malformedLineCount
        malformedSamples = log.malformedSamples
        unknownWordCount = log.unknownWordCount
        unknownWords = log.unknownWords
    }

    /// True when there is no duplicate, no lost item-fire, no violation and no line with an
    /// unknown source or skip reason.
    public var isClean: Bool { duplicates.isEmpty && lost.isEmpty && violations.isEmpty && unknownWordCount == 0 }

    /// `item-fires checked N, duplicates D, lost L, excused E, violations V, failed F, skipped S`.
    ///
    /// The first three counts are DESIGN section 10's line, which scripts match as the line's
    /// start; the others follow it.
    public var summary: String {
        "item-fires checked \(itemFiresChecked), duplicates \(duplicates.count), lost \(lost.count), "
            + "excused \(excusedReruns.count), violations \(violations.count), "
            + "failed \(failedExecutionCount), skipped \(skippedItemFires)"
    }
}

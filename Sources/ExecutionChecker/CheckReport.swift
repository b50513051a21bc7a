/// The result of a check: duplicates, lost item-fires, the counts and the summary line.
///
/// ``summary`` is the line of DESIGN section 10, `item-fires checked N, duplicates D, lost L`;
/// ``render(limit:)`` gives the whole report as text with the summary last. Lists are sorted
/// by job (in configuration order), scheduled fire and item.
public struct CheckReport: Sendable {
    /// Two commits of the same job, scheduled fire and item that no kill excuses.
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

    /// A re-run of an item-fire excused by the kill window: the earlier execution's worker was
    /// killed within the kill window after printing its `EXEC` line.
    public struct ExcusedRerun: Sendable, Hashable {
        /// The job's name.
        public var job: String
        /// The scheduled fire, epoch milliseconds.
        public var scheduledFire: Int64
        /// The sharding item.
        public var item: Int
        /// The earlier execution, whose worker was killed.
        public var killed: Execution
        /// The later execution of the same item-fire.
        public var rerun: Execution
        /// When the earlier execution's worker was killed, epoch milliseconds.
        public var killTime: Int64

        /// Creates an excused re-run record.
        ///
        /// - Parameters:
        ///   - job: The job's name.
        ///   - scheduledFire: The scheduled fire.
        ///   - item: The sharding item.
        ///   - killed: The earlier execution, whose worker was killed.
        ///   - rerun: The later one.
        ///   - killTime: The kill time.
        public init(job: String, scheduledFire: Int64, item: Int, killed: Execution, rerun: Execution, killTime: Int64) {
            self.job = job
            self.scheduledFire = scheduledFire
            self.item = item
            self.killed = killed
            self.rerun = rerun
            self.killTime = killTime
        }
    }

    /// A scheduled fire of an enabled item, inside the checked window, that no `EXEC` covers.
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
    /// Re-runs excused by a kill (not duplicates; listed for information).
    public var excusedReruns: [ExcusedRerun] = []
    /// `NORMAL_TRIGGER` executions of checked jobs whose scheduled time is not on the
    /// schedule: manual trigger runs, which neither duplicate nor cover a scheduled fire.
    public var triggerRuns: [Execution] = []
    /// `MISFIRE` and `FAILOVER` executions of checked jobs whose scheduled time is not on the
    /// schedule; like trigger runs they are left out of the check, but none is expected.
    public var offSchedule: [Execution] = []
    /// The names of jobs seen in `EXEC` lines that were not given to the checker, sorted.
    public var uncheckedJobs: [String] = []
    /// How many `EXEC` lines belong to jobs not given to the checker.
    public var uncheckedJobExecutionCount = 0
    /// How many `EXEC` lines were read.
    public var executionCount = 0
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

    /// Creates an empty report; the checker fills it in.
    public init() {}

    /// True when there is neither a duplicate nor a lost item-fire.
    public var isClean: Bool { duplicates.isEmpty && lost.isEmpty }

    /// `item-fires checked N, duplicates D, lost L`.
    public var summary: String {
        "item-fires checked \(itemFiresChecked), duplicates \(duplicates.count), lost \(lost.count)"
    }
}

/// One `EXEC` or `FAIL` line: an item's execution that completed, with a commit or without one.
///
/// A worker prints `EXEC <tag> <item> <scheduledFireEpochMs> <startEpochMs> <endEpochMs>
/// <jobName> <source>` when an item completes after a successful lease check, so each such
/// `Execution` is one commit (DESIGN section 10). It prints `FAIL … <source> <cause> <attempt>`
/// with the same fields when the item completes *without* a commit (it threw, timed out, or its
/// commit was refused while the library still records the item as completed); ``failure`` then
/// holds the cause and attempt. A `FAIL` covers its fire like an `EXEC` and is never a
/// duplicate. ``end`` doubles as the time the line was printed, which is what the excuse window
/// of a duplicate is measured from.
public struct Execution: Sendable, Hashable, CustomStringConvertible {
    /// Why an item ran: the `<source>` field of `BEGIN`, `EXEC` and `FAIL` lines.
    ///
    /// The raw values are the words the workers print. The last three carry a run id, printed
    /// as `SOURCE:RUNID` (`ONE_OFF:r17`); see ``hasRunID``.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// A fire at its own time, or a manual trigger (whose scheduled time is the trigger's
        /// time, and so is normally not on the job's schedule).
        case normalTrigger = "NORMAL_TRIGGER"
        /// The coalesced run of DESIGN section 6b: it stands for every fire since the item's
        /// previous completed fire.
        case misfire = "MISFIRE"
        /// The re-run of an interrupted fire by another instance; its scheduled time is the
        /// interrupted fire's.
        case failover = "FAILOVER"
        /// A run of a backfill over past fires (DESIGN 12.6); carries the backfill's id.
        case backfill = "BACKFILL"
        /// A one-off run at a set time (DESIGN 12.7); carries the one-off's id.
        case oneOff = "ONE_OFF"
        /// A dependent job's run for a fire its upstreams completed (DESIGN 12.7); carries a
        /// run id, the same for every run of one owed fire.
        case dependent = "DEPENDENT"

        /// Whether lines of this source carry a run id (`SOURCE:RUNID`); for the others a run
        /// id is an error.
        ///
        /// Executions with a run id are checked for duplicates by (job, run id, fire, item),
        /// apart from the scheduled fires.
        public var hasRunID: Bool {
            switch self {
            case .backfill, .oneOff, .dependent: true
            case .normalTrigger, .misfire, .failover: false
            }
        }
    }

    /// What a `FAIL` line adds to the execution fields: why the item completed without a
    /// commit, and on which attempt.
    public struct Failure: Sendable, Hashable {
        /// One word: `timeout`, `error`, `lease`, `fenced`, …
        public var cause: String
        /// The attempt that ended the item (1 for the first).
        public var attempt: Int

        /// Creates a failure record.
        ///
        /// - Parameters:
        ///   - cause: Why the item completed without a commit, one word.
        ///   - attempt: The attempt that ended the item.
        public init(cause: String, attempt: Int) {
            self.cause = cause
            self.attempt = attempt
        }
    }

    /// The worker's tag (`--tag`, `w<pid>` by default).
    public var tag: String
    /// The sharding item.
    public var item: Int
    /// The fire this execution stands for, in epoch milliseconds.
    public var scheduledFire: Int64
    /// When the item's code started, in epoch milliseconds.
    public var start: Int64
    /// When the item completed (and the line was printed), in epoch milliseconds.
    public var end: Int64
    /// The job's name.
    public var job: String
    /// Why the item ran.
    public var source: Source
    /// The run id of a `BACKFILL`, `ONE_OFF` or `DEPENDENT` execution; `nil` for the others.
    public var runID: String?
    /// The cause and attempt of a `FAIL` line; `nil` for an `EXEC` line (a commit).
    public var failure: Failure?
    /// Where the line was read, when it came from a file or text; `nil` for a hand-made value.
    public var location: LogLine.Location?

    /// Creates an execution from its fields.
    ///
    /// - Parameters:
    ///   - tag: The worker's tag.
    ///   - item: The sharding item.
    ///   - scheduledFire: The fire it stands for, epoch milliseconds.
    ///   - start: When the item's code started, epoch milliseconds.
    ///   - end: When it completed, epoch milliseconds.
    ///   - job: The job's name.
    ///   - source: Why it ran.
    ///   - runID: The run id, for the sources that carry one.
    ///   - failure: The cause and attempt of a `FAIL` line; `nil` (the default) for a commit.
    ///   - location: Where the line was read, if anywhere.
    public init(
        tag: String, item: Int, scheduledFire: Int64, start: Int64, end: Int64,
        job: String, source: Source, runID: String? = nil, failure: Failure? = nil,
        location: LogLine.Location? = nil
    ) {
        self.tag = tag
        self.item = item
        self.scheduledFire = scheduledFire
        self.start = start
        self.end = end
        self.job = job
        self.source = source
        self.runID = runID
        self.failure = failure
        self.location = location
    }

    /// True for an `EXEC` line (a commit), false for a `FAIL` line.
    public var isCommit: Bool { failure == nil }

    /// The source field as printed: `NORMAL_TRIGGER`, or `ONE_OFF:r17` with a run id.
    public var sourceField: String {
        guard let runID else { return source.rawValue }
        return "\(source.rawValue):\(runID)"
    }

    /// The line as a worker prints it.
    ///
    /// For a parsed line this is the original text with its whitespace normalised to single
    /// spaces; the location is not part of it.
    public var line: String {
        let fields = "\(tag) \(item) \(scheduledFire) \(start) \(end) \(job) \(sourceField)"
        guard let failure else { return "EXEC \(fields)" }
        return "FAIL \(fields) \(failure.cause) \(failure.attempt)"
    }

    /// The line followed by its location (`file:line`) when it is known.
    ///
    /// This is how reports quote an execution.
    public var description: String {
        guard let location else { return line }
        return "\(line)  (\(location))"
    }
}

/// One `EXEC` line: an item's execution that committed.
///
/// A worker prints `EXEC <tag> <item> <scheduledFireEpochMs> <startEpochMs> <endEpochMs>
/// <jobName> <source>` when an item completes after a successful lease check, so each
/// `Execution` is one commit (DESIGN section 10). ``end`` doubles as the time the line was
/// printed, which is what the kill window of a duplicate is measured from.
public struct Execution: Sendable, Hashable, CustomStringConvertible {
    /// Why an item ran: the `<source>` field of `BEGIN` and `EXEC` lines.
    ///
    /// The raw values are the words the workers print.
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
    ///   - location: Where the line was read, if anywhere.
    public init(
        tag: String, item: Int, scheduledFire: Int64, start: Int64, end: Int64,
        job: String, source: Source, location: LogLine.Location? = nil
    ) {
        self.tag = tag
        self.item = item
        self.scheduledFire = scheduledFire
        self.start = start
        self.end = end
        self.job = job
        self.source = source
        self.location = location
    }

    /// The line as a worker prints it.
    ///
    /// For a parsed line this is the original text with its whitespace normalised to single
    /// spaces; the location is not part of it.
    public var line: String {
        "EXEC \(tag) \(item) \(scheduledFire) \(start) \(end) \(job) \(source.rawValue)"
    }

    /// The line followed by its location (`file:line`) when it is known.
    ///
    /// This is how reports quote an execution.
    public var description: String {
        guard let location else { return line }
        return "\(line)  (\(location))"
    }
}

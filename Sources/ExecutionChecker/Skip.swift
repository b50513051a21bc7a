/// One `SKIP` line: fires of an item that a policy dropped without running them.
///
/// A worker prints `SKIP <tag> <item> <fromFireEpochMs> <toFireEpochMs> <jobName> <reason>` when
/// a policy drops the item's fires in `[fromFire, toFire]` (both ends included). A `SKIP` whose
/// reason the job's policy allows covers those fires (they are not lost); one it does not allow
/// fails the check (``JobSpec/allowedSkipReasons``).
public struct Skip: Sendable, Hashable, CustomStringConvertible {
    /// Why the fires were dropped: the `<reason>` field, in lower case.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// `overlapPolicy: skip`: the fire came due while the item ran.
        case skip
        /// The catch-up window: the owed fire was older than the window.
        case window
        /// Outside the job's active window (`activeFrom`/`activeUntil`).
        case inactive
        /// The job was paused after consecutive failures.
        case paused
        /// The item, its server or the job was disabled.
        case disabled
    }

    /// The worker's tag.
    public var tag: String
    /// The sharding item.
    public var item: Int
    /// The first dropped fire, epoch milliseconds.
    public var fromFire: Int64
    /// The last dropped fire, epoch milliseconds (at or after ``fromFire``).
    public var toFire: Int64
    /// The job's name.
    public var job: String
    /// Why the fires were dropped.
    public var reason: Reason
    /// Where the line was read, when it came from a file or text.
    public var location: LogLine.Location?

    /// Creates a `SKIP` record.
    ///
    /// - Parameters:
    ///   - tag: The worker's tag.
    ///   - item: The sharding item.
    ///   - fromFire: The first dropped fire, epoch milliseconds.
    ///   - toFire: The last dropped fire, epoch milliseconds.
    ///   - job: The job's name.
    ///   - reason: Why the fires were dropped.
    ///   - location: Where the line was read, if anywhere.
    public init(
        tag: String, item: Int, fromFire: Int64, toFire: Int64, job: String, reason: Reason,
        location: LogLine.Location? = nil
    ) {
        self.tag = tag
        self.item = item
        self.fromFire = fromFire
        self.toFire = toFire
        self.job = job
        self.reason = reason
        self.location = location
    }

    /// The dropped fires' range.
    public var fires: ClosedRange<Int64> { fromFire...max(fromFire, toFire) }

    /// The line as a worker prints it.
    public var line: String {
        "SKIP \(tag) \(item) \(fromFire) \(toFire) \(job) \(reason.rawValue)"
    }

    /// The line followed by its location (`file:line`) when it is known.
    public var description: String {
        guard let location else { return line }
        return "\(line)  (\(location))"
    }
}

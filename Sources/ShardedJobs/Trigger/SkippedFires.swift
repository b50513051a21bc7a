import Foundation

/// Fires of one item that a policy dropped without running them (DESIGN 12.6), as
/// ``SchedulerSettings/onSkippedFires`` reports them — for a log, a metric, or the `SKIP` lines
/// of the execution checker (`SKIP <tag> <item> <fromMs> <toMs> <job> <reason>`).
public struct SkippedFires: Sendable, Hashable {
    /// Why the fires were dropped; extensible without breaking exhaustive switches.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// The catch-up window (`catchUpWindow`): the owed fires were older than the window.
        public static let window = Reason("window")

        /// `overlapPolicy: skip`: the fire came due while an execution of the item ran.
        public static let skip = Reason("skip")

        /// `activeFrom` / `activeUntil`: the cron's fire lies outside the job's active window.
        public static let inactive = Reason("inactive")

        /// The job is paused (`pauseAfterConsecutiveFailures`, or `shardctl disable --note`):
        /// the fire is not owed, and each item's owner reports it.
        public static let paused = Reason("paused")

        /// The reason as the checker's `SKIP` lines write it: `window`, `skip`, `inactive`,
        /// `paused`.
        public var description: String { name }
    }

    /// The job's name.
    public let jobName: String
    /// The sharding item.
    public let item: Int
    /// The dropped fires lie after this instant…
    public let after: Date
    /// …and at or before this one: the latest of them.
    public let through: Date
    /// Why they were dropped.
    public let reason: Reason

    /// The execution checker's line for these fires, printed by a worker tagged `tag`:
    /// `SKIP <tag> <item> <firstMs> <throughMs> <job> <reason>` (docs/checker.md).
    public func checkerLine(tag: String) -> String {
        func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        return "SKIP \(tag) \(item) \(millis(after) + 1) \(millis(through)) \(jobName) \(reason)"
    }

    /// A report of `item`'s fires in (`after`, `through`], instants in epoch milliseconds.
    init(jobName: String, item: Int, afterMillis after: Int64, throughMillis through: Int64, reason: Reason) {
        self.init(
            jobName: jobName, item: item, after: Date(timeIntervalSince1970: Double(after) / 1000),
            through: Date(timeIntervalSince1970: Double(through) / 1000), reason: reason)
    }

    /// Creates a report (the scheduler makes them; useful in tests).
    public init(jobName: String, item: Int, after: Date, through: Date, reason: Reason) {
        self.jobName = jobName
        self.item = item
        self.after = after
        self.through = through
        self.reason = reason
    }
}

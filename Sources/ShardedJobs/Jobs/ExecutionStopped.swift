/// Why an item's execution failed without finishing: the scheduler stopped it (DESIGN 12.6).
///
/// The execution was cancelled at once — its commit checks fail from that instant, its task is
/// cancelled, a script's process group gets `SIGTERM` then `SIGKILL` — and it completes as
/// failed once it has returned: the error handler is told with this error, tracing records it
/// as the failure's cause, and failover does not run the item again for that fire.
public struct ExecutionStopped: Error, Hashable, Sendable, CustomStringConvertible {
    /// What stopped it; extensible without breaking exhaustive switches.
    public struct Cause: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// The job's `timeout` passed.
        public static let timeout = Cause("timeout")

        /// An operator stopped it: `shardctl kill`, the console's Stop button, or the
        /// operations API.
        public static let killed = Cause("killed by operator")

        /// A fire of the item came due while it ran, under `overlapPolicy: cancelRunning`.
        public static let overlap = Cause("overlap")

        /// The cause as traced and printed: `timeout`, `killed by operator`, `overlap`.
        public var description: String { name }

        /// The cause in one word, as the execution checker's `FAIL` lines write it: `timeout`,
        /// `killed`, `overlap`.
        public var checkerWord: String { String(name.prefix { $0 != " " }) }
    }

    /// What stopped the execution.
    public let cause: Cause
    /// How long the execution had run when it was stopped.
    public let after: Duration

    /// Creates the error (useful to test a job's error handler).
    public init(_ cause: Cause, after: Duration) {
        self.cause = cause
        self.after = after
    }

    /// The cause, then how long it ran: `timeout after 30s`.
    public var description: String { "\(cause) after \(DurationText.format(after))" }
}

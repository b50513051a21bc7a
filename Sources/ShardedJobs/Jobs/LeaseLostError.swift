/// Thrown by `ShardingContext.checkLease()` when the instance can no longer prove it holds its
/// ZooKeeper session: the item must not commit.
public struct LeaseLostError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the lease is gone; extensible without breaking exhaustive switches.
    ///
    /// Compare with the static members (`error.code == .leaseExpired`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case leaseExpired
            case stopped
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The session the item was claimed under can no longer be proven alive: it expired or
        /// was replaced, or the connection has been down longer than the lease lasts.
        public static let leaseExpired = Code(.leaseExpired)
        /// The execution was stopped — its `timeout` passed — and may not commit any more
        /// (DESIGN 12.6); it completes as failed, and is not run again.
        public static let stopped = Code(.stopped)

        /// The code's name, such as `leaseExpired`.
        public var description: String { value.rawValue }
    }

    /// Why the lease is gone.
    public let code: Code
    /// The job.
    public let jobName: String
    /// The item.
    public let item: Int
    /// The session the item was claimed under.
    public let sessionID: Int64

    /// Creates an error (useful to test a job's handling of a lost lease).
    public init(_ code: Code, jobName: String, item: Int, sessionID: Int64) {
        self.code = code
        self.jobName = jobName
        self.item = item
        self.sessionID = sessionID
    }

    /// A sentence naming the job, the item and the session.
    public var description: String {
        if code == .stopped { return "execution stopped: job \(jobName) item \(item) may not commit any more" }
        return "lease lost: job \(jobName) item \(item) was claimed under session 0x\(String(UInt64(bitPattern: sessionID), radix: 16)), which can no longer be proven alive"
    }
}

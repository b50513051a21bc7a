/// An error of the ZooKeeper test harness: a code to match on, a message, and the tail of the
/// server log when a server process is involved.
///
/// Errors from a server carry its log tail, so a failing test shows why the JVM did not come
/// up without anyone having to find the temp directory; `description` includes it. `code` is
/// an extensible struct, so new codes do not break a caller's exhaustive `switch`.
public struct ZooKeeperTestingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    ///
    /// Compare with the static members (`error.code == .startTimedOut`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidConfiguration, launchFailed, startTimedOut, processExited, portInUse
            case notRunning, shutDown, fourLetterWordFailed, quorumTimedOut, noLeader
            case nodeIndexOutOfRange, sessionExpiryFailed, stopTimedOut
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server process, its directory or its files could not be created.
        public static let launchFailed = Code(.launchFailed)
        /// The server did not answer `ruok` with `imok` (and, standalone, did not serve) in time.
        public static let startTimedOut = Code(.startTimedOut)
        /// The server process ended while it was starting.
        public static let processExited = Code(.processExited)
        /// The client port is held by another process (a first start tries fresh ports first).
        public static let portInUse = Code(.portInUse)
        /// The operation needs a running server and this one is not running.
        public static let notRunning = Code(.notRunning)
        /// The server or ensemble was shut down; it cannot start again.
        public static let shutDown = Code(.shutDown)
        /// A four-letter-word exchange failed: connection refused, timeout or I/O error.
        public static let fourLetterWordFailed = Code(.fourLetterWordFailed)
        /// The ensemble did not reach a quorum in time.
        public static let quorumTimedOut = Code(.quorumTimedOut)
        /// No running node of the ensemble reports `Mode: leader`.
        public static let noLeader = Code(.noLeader)
        /// A node index outside the ensemble.
        public static let nodeIndexOutOfRange = Code(.nodeIndexOutOfRange)
        /// The server process did not exit (not even after SIGKILL) in time.
        public static let stopTimedOut = Code(.stopTimedOut)
        /// Expiring a session failed (the server was unreachable or kept the session).
        public static let sessionExpiryFailed = Code(.sessionExpiryFailed)

        /// The code's name, such as `startTimedOut`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code

    /// What happened, naming the server (its client port) where there is one.
    public let message: String

    /// The last lines of the server log at the time of the error, when a server is involved.
    public let logTail: String?

    /// Creates an error; the harness's own errors are made through this too.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: what happened.
    ///   - logTail: the end of the server log, if a server is involved.
    public init(_ code: Code, _ message: String, logTail: String? = nil) {
        self.code = code
        self.message = message
        self.logTail = logTail
    }

    /// The message, then the server log tail when there is one.
    public var description: String {
        guard let logTail, !logTail.isEmpty else { return "\(code): \(message)" }
        return "\(code): \(message)\n--- server log tail ---\n\(logTail)\n--- end of server log tail ---"
    }
}

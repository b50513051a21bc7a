/// One fault the harness injected (or one recovery), with its wall-clock time: the record a
/// scenario prints and the checker's kill list comes from.
public struct FaultEvent: Sendable, Hashable, CustomStringConvertible {
    /// What was done.
    public enum Kind: String, Sendable, Hashable {
        /// `kill -9` of a worker (the checker's kill window applies).
        case killWorker = "kill -9"
        /// SIGSTOP of a worker.
        case freezeWorker = "SIGSTOP"
        /// SIGCONT of a frozen worker.
        case resumeWorker = "SIGCONT"
        /// SIGTERM of a worker (graceful shutdown), e.g. in a rolling restart.
        case stopWorker = "SIGTERM"
        /// A worker started after the cluster's first start (a restart).
        case startWorker = "start"
        /// A ZooKeeper server or ensemble member stopped (SIGTERM).
        case stopServer = "stop server"
        /// A ZooKeeper server or ensemble member killed (SIGKILL).
        case killServer = "kill server"
        /// A ZooKeeper server or ensemble member started again.
        case startServer = "start server"
        /// A network host (its namespace: a worker, a member, or both) cut off from the
        /// lab's bridge; the checker's cut list names the workers on it.
        case cutHost = "cut"
        /// A cut host attached to the bridge again.
        case healHost = "heal"
        /// A worker's path to the ensemble's leader cut: the member it was connected to, or the
        /// leader, was cut off (the worker itself was not); the checker's cut list names the
        /// worker.
        case cutFromLeader = "cut from the leader"
    }

    /// What was done.
    public var kind: Kind
    /// The worker's tag, the server's description (`127.0.0.1:PORT`, `node 2`) or the network
    /// host's name.
    public var target: String
    /// When, epoch milliseconds.
    public var time: Int64

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - kind: What was done.
    ///   - target: To whom.
    ///   - time: When, epoch milliseconds.
    public init(kind: Kind, target: String, time: Int64) {
        self.kind = kind
        self.target = target
        self.time = time
    }

    /// `kill -9 w2 at 1700000000123`.
    public var description: String { "\(kind.rawValue) \(target) at \(time)" }
}

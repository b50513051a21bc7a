import Logging

/// Logs why the client cannot get a session — at `error`, at once, then at most every 30 s
/// while the problem lasts (in between at `debug`) — and, once a session is established after
/// such a problem, that it is over.
///
/// A client that cannot connect keeps trying; without this, the only trace would be the C
/// client's own lines at `debug`, and a worker whose connect string names a host that does not
/// resolve, or a port nothing listens on, would run silently and never fire a job.
struct ConnectionProblemLog {
    /// The longest interval between two `error` lines about a problem that lasts.
    static let repeatInterval: Duration = .seconds(30)

    private var lastLoggedAt: Int64?
    private var since: Int64?

    /// Reports the problem at clock reading `now`: at `error` when it is the first, or when
    /// the last `error` line is 30 s old; at `debug` otherwise.
    mutating func report(_ message: String, now: Int64, logger: Logger) {
        if since == nil { since = now }
        if let lastLoggedAt, now &- lastLoggedAt < Self.repeatInterval.nanoseconds {
            logger.debug("\(message)")
            return
        }
        lastLoggedAt = now
        logger.error("\(message)")
    }

    /// Notes that a session is established: logs the end of a problem reported before.
    mutating func resolved(now: Int64, logger: Logger, connectString: String) {
        guard let since else { return }
        logger.notice(
            "ZooKeeper at \(connectString) is reachable again after \(Duration.nanoseconds(now &- since))")
        self.since = nil
        lastLoggedAt = nil
    }
}

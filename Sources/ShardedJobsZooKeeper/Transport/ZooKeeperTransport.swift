import Logging

/// What carries a `ZooKeeperClient`'s requests to ZooKeeper: the seam under the client.
///
/// A transport opens *connections*, each of which does what one handle of ZooKeeper's C client
/// does: it connects to one of the servers, establishes a session (or re-attaches to it after
/// a disconnect), hands requests over, and reports replies, watch notifications and session
/// state changes, one at a time and in the order the server sent them. Everything above —
/// the lease, the heartbeat, the session states `connected` / `suspended` / `reconnected` /
/// `lost`, earlier session ids, retries and the namespace — is the client's own and runs
/// unchanged on any transport.
///
/// The production transport is the C client (`libzookeeper-mt`); `ShardedJobsZooKeeperTwin`
/// provides an in-memory ZooKeeper behind the same seam for tests and the simulator.
@_spi(Simulation)
public protocol ZooKeeperTransport: Sendable {
    /// Opens a connection that starts connecting at once; a session is established (or
    /// refused) later, reported through `events`.
    ///
    /// Throws a `ZooKeeperError` when the connection cannot even be opened: `hostNotFound`
    /// when no host of the connect string resolves (it may resolve later), `badArguments` for
    /// a connect string the transport cannot use.
    func open(_ options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) async throws
        -> any ZooKeeperConnection
}

/// How a connection is opened: the servers, the chroot, the session and the credentials.
@_spi(Simulation)
public struct ZooKeeperTransportOptions: Sendable {
    /// Comma-separated `host:port` pairs.
    public var connectString: String
    /// The chroot every request path is relative to (`/shop`), or nil for none.
    public var chroot: String?
    /// The session timeout to ask the server for.
    public var sessionTimeout: Duration
    /// Digest credentials (`user:password`) to authenticate the connection with, if any; nodes
    /// are then created with creator-only ACLs, otherwise open ones.
    public var digestCredentials: String?
    /// Where the transport logs (the C client's own log is routed here).
    public var logger: Logger

    /// Creates options.
    public init(
        connectString: String, chroot: String?, sessionTimeout: Duration, digestCredentials: String?, logger: Logger
    ) {
        self.connectString = connectString
        self.chroot = chroot
        self.sessionTimeout = sessionTimeout
        self.digestCredentials = digestCredentials
        self.logger = logger
    }
}

/// Where a connection delivers its events.
///
/// A connection calls it for one event at a time, never concurrently, in the order the server
/// sent them (a watch notification before the reply to a later request that shows the change),
/// and never after its `close()` has returned.
@_spi(Simulation)
public struct ZooKeeperTransportEvents: Sendable {
    private let deliver: @Sendable (ZooKeeperTransportEvent) -> Void

    /// Wraps the client's handler.
    public init(_ deliver: @escaping @Sendable (ZooKeeperTransportEvent) -> Void) {
        self.deliver = deliver
    }

    /// Delivers one event.
    public func yield(_ event: ZooKeeperTransportEvent) {
        deliver(event)
    }
}

/// One open connection of a `ZooKeeperTransport`: what one C client handle does.
///
/// A connection holds at most one session in its life. It reconnects by itself after a
/// disconnect (reporting `connecting`, then `connected` with the same session), and it is
/// finished once the session expired or authentication failed: the client then closes it and
/// opens another.
@_spi(Simulation)
public protocol ZooKeeperConnection: AnyObject, Sendable {
    /// Hands a request over.
    ///
    /// Returns nil when the request was accepted: its reply is then delivered exactly once as
    /// `.reply(id, …)` — with `connectionLoss` when the connection dropped before the reply
    /// arrived (the request may or may not have been applied) — unless the connection is closed
    /// first. Returns an error code when the request is refused at once (the connection is
    /// closing, or its session is gone): then no reply will ever come.
    ///
    /// - Parameters:
    ///   - request: the operation, its paths relative to the chroot.
    ///   - id: the client's id for the request, echoed in its reply.
    ///   - watch: for a read that leaves a watch, the client's id for the watch, echoed in the
    ///     watch's event; nil otherwise.
    func submit(_ request: ZooKeeperTransportRequest, id: Int, watch: Int?) -> ZooKeeperError.Code?

    /// The server (`host:port`) the connection is connected to now, or nil.
    var connectedServer: String? { get }

    /// Why the latest attempt to reach a server failed (for logs: `connection refused`,
    /// `timed out`), or nil when there was none since the last success.
    var connectionProblem: String? { get }

    /// Closes the connection: a server that hears of it ends the session at once (its ephemeral
    /// nodes go). No event is delivered once this returns; requests still in flight and
    /// watches still set get no reply and no event.
    func close() async
}

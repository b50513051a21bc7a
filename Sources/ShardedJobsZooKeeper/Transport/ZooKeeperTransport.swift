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

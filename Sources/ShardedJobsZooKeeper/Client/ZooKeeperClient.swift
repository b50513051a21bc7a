import Logging
import ServiceLifecycle
import Synchronization

/// An asynchronous ZooKeeper client over the C client (`libzookeeper-mt`), owning one session
/// at a time.
///
/// The client is a swift-service-lifecycle `Service`: `run()` opens a session, keeps it alive
/// and replaces it when it is lost, until the task is cancelled or graceful shutdown begins;
/// then it closes the session (the server deletes its ephemeral nodes) and returns. Operations
/// may be called from any task; called before a session exists, they wait for one up to the
/// configured connection timeout.
///
/// Besides the C client's session events, the client keeps its own **lease** (see
/// `isLeaseValid`): proof, from the send times of requests answered through the ensemble's
/// leader (a `sync` heartbeat or a write), that the leader cannot have expired the session yet.
/// When the lease runs out the session counts as lost even if the server has not said so — the
/// client closes that handle and opens a new session; it never goes back to an old one. The
/// same replies are the *contact* a commit check asks for (`hasRecentContact`,
/// `confirmContact`).
public final class ZooKeeperClient: Service, Sendable {
    /// How the client connects.
    public let configuration: ZooKeeperConfiguration
    let logger: Logger
    let transport: any ZooKeeperTransport
    package let environment: ZooKeeperEnvironment
    let lease: SessionLease
    let broadcaster = EventBroadcaster()
    let state = Mutex(ClientState())
    /// Connection problems, logged at most every 30 s while they last.
    let problems = Mutex(ConnectionProblemLog())
    /// The idle heartbeat interval in nanoseconds: slightly less than a third of the session timeout.
    let heartbeatNanos: Atomic<Int64>
    /// How many holders want a heartbeat in flight every 100 ms (`withFrequentHeartbeats`).
    let heartbeatDemand = Atomic<Int>(0)
    /// Told the operation name of every request sent (`addRequestObserver(_:)`).
    let requestObservers = Mutex<[@Sendable (String) -> Void]>([])

    /// Creates a client; nothing connects until `run()`.
    ///
    /// - Parameters:
    ///   - configuration: servers, namespace, timeouts and credentials.
    ///   - logger: the client's logger; the C client's own log is routed into it too.
    public convenience init(configuration: ZooKeeperConfiguration, logger: Logger) {
        self.init(configuration: configuration, logger: logger, transport: CZooKeeperTransport(), environment: .production)
    }

    /// Creates a client on another transport (an in-memory ZooKeeper) and environment (a manual
    /// clock, a simulation's executor, seeded randomness); nothing connects until `run()`.
    @_spi(Simulation)
    public init(
        configuration: ZooKeeperConfiguration, logger: Logger, transport: any ZooKeeperTransport,
        environment: ZooKeeperEnvironment
    ) {
        self.configuration = configuration
        self.logger = logger
        self.transport = transport
        self.environment = environment
        self.lease = SessionLease(clock: environment.clock)
        self.heartbeatNanos = Atomic(Self.heartbeatInterval(for: configuration.sessionTimeout).nanoseconds)
    }

    /// The client's clock, executor preference and random source (recipes built on the client use them too).
    @_spi(Simulation)
    public var clientEnvironment: ZooKeeperEnvironment { environment }

    static func heartbeatInterval(for timeout: Duration) -> Duration {
        timeout * 0.3
    }

    /// The current session, or nil while none is established.
    public var session: ZooKeeperSession? {
        state.withLock { $0.active?.session }
    }

    /// Whether a session is established and its connection is up (not suspended).
    public var isConnected: Bool {
        state.withLock { $0.phase == .connected }
    }

    /// The ids of this client's earlier sessions, most recent last.
    ///
    /// After a server outage, ephemeral nodes of an earlier session of ours may reappear for up
    /// to one more session timeout; compare a node's `ephemeralOwner` with these ids to
    /// recognise them as our own stale nodes rather than a foreign live session's.
    public var earlierSessionIDs: [Int64] {
        state.withLock { $0.earlierSessionIDs }
    }

    /// Whether the lease of the current session is valid now.
    ///
    /// Lock-free and computed from the monotonic clock, so it is right even on the first
    /// instruction after the process was frozen past the session timeout.
    public var isLeaseValid: Bool { lease.isValid() }

    /// Whether the lease is valid now and belongs to the session with this id.
    ///
    /// Work started under one session must check against that session: a lease of a newer
    /// session does not vouch for it.
    public func isLeaseValid(forSession sessionID: Int64) -> Bool {
        lease.isValid(sessionID: sessionID)
    }

    /// The instant the current lease runs out, or nil when there is no lease.
    ///
    /// An instant of `ContinuousClock`; with an injected clock use `leaseDeadlineNanoseconds`.
    public var leaseDeadline: ContinuousClock.Instant? {
        leaseDeadlineNanoseconds.map(ContinuousMonotonicClock.instant)
    }

    /// The reading of the client's clock at which the current lease runs out, or nil.
    @_spi(Simulation)
    public var leaseDeadlineNanoseconds: Int64? {
        let nanos = lease.deadlineNanos
        return nanos == 0 ? nil : nanos
    }

    /// The client's session events from now on, starting with the present state.
    ///
    /// Each call returns a new sequence; a subscriber first receives `connected` (and
    /// `suspended`) describing the present, then every change in order. The sequence ends
    /// when the client stops.
    public func sessionEvents() -> AsyncStream<SessionEvent> {
        broadcaster.subscribe()
    }

    /// Waits until a session is established and returns it.
    ///
    /// Throws `ZooKeeperError` with code `notConnected` after `timeout` (by default the
    /// configured connection timeout), or `clientClosed` once the client has stopped.
    @discardableResult
    public func waitForSession(timeout: Duration? = nil) async throws -> ZooKeeperSession {
        try await activeSession(operation: "waitForSession", path: nil, timeout: timeout).session
    }

    /// The server (`host:port`) the current session's connection goes to, or nil.
    ///
    /// With several servers in the connect string, the C client picks one at random and moves
    /// to another when its server fails; this tells which one it is now.
    public var connectedServer: String? {
        guard isConnected else { return nil }
        return state.withLock { $0.active }?.connection.connectedServer
    }

    /// The number of watches the current session holds (for tests and metrics).
    public var outstandingWatchCount: Int {
        state.withLock { $0.active }?.connection.outstandingWatchCount ?? 0
    }

    /// The options the transport opens connections with; `chroot` nil for a plain connection.
    func transportOptions(chroot: String?) -> ZooKeeperTransportOptions {
        ZooKeeperTransportOptions(
            connectString: configuration.connectString, chroot: chroot, sessionTimeout: configuration.sessionTimeout,
            digestCredentials: configuration.digestCredentials, logger: logger)
    }
}

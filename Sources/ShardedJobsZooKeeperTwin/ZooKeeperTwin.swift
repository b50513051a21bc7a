@_spi(Simulation) import ShardedJobsZooKeeper
import ServiceLifecycle
import Synchronization

/// An in-memory ZooKeeper — a standalone server or an ensemble — that real
/// `ZooKeeperClient`s connect to through its transport, under one clock.
///
/// The twin replaces only what the C client's handle does: `ZooKeeperClient`, its lease and
/// heartbeat, the recipes and the job core run unchanged on it. It keeps ZooKeeper's rules —
/// zxids (failed writes take one too), versions, `cversion`, `pzxid`, sequential names,
/// ephemeral owners, one-shot watches that survive a reconnect, multi's per-operation
/// results, per-session order and read-your-writes on a lagging member, no reconnect to a
/// member behind what the client saw, expiry by the leader's clock — and offers the faults a
/// simulation needs (`cut(_:)`, `dropConnections(of:)`, `loseNextReply(of:where:)`,
/// `cutFromLeader(member:)`, `setLag(_:member:)`, `restart(downtime:)`). It has no ACLs. It
/// never loses a write it acknowledged. Given the clock and the order in which clients call
/// it, everything it does is determined: no hashing order reaches its behaviour.
///
/// ```swift
/// let clock = ManualClock()
/// let twin = ZooKeeperTwin(configuration: .init(members: 3), clock: clock)
/// let client = ZooKeeperClient(
///     configuration: .init(connectString: twin.connectString, namespace: "shop"), logger: logger,
///     transport: twin.transport(named: "w1"), environment: .init(clock: clock))
/// // run twin.run() and client.run() in a task group
/// ```
///
/// `run()` is the twin's driver: it performs every scheduled action when the clock reaches
/// its instant and delivers what clients see, one connection's events in order. Differential
/// tests (docs/testing.md) run the same scripts against the twin and real servers.
@_spi(Simulation)
public final class ZooKeeperTwin: Service, Sendable {
    /// The twin's shape and timing.
    public let configuration: TwinConfiguration
    /// The clock the twin runs on.
    public let clock: any MonotonicClock
    private let taskExecutor: (any TaskExecutor)?
    private let state: Mutex<TwinState>
    private let wakeup = TwinWakeup()
    private let unresolvable = Mutex<Set<String>>([])

    /// Creates a twin; nothing happens until `run()`.
    ///
    /// - Parameters:
    ///   - configuration: members, timing, seed.
    ///   - clock: the clock of the servers and of the network (a `ManualClock` in tests and
    ///     simulations).
    ///   - taskExecutor: the executor the driver's tasks prefer (a simulation's); nil for the
    ///     default one.
    public init(
        configuration: TwinConfiguration = .init(), clock: any MonotonicClock, taskExecutor: (any TaskExecutor)? = nil
    ) {
        self.configuration = configuration
        self.clock = clock
        self.taskExecutor = taskExecutor
        var initial = TwinState(configuration: configuration)
        initial.now = clock.now()
        state = Mutex(initial)
    }

    /// A connect string naming the twin's members (their hosts resolve nowhere but here).
    public var connectString: String { configuration.connectString }

    /// The transport for one client: connections it opens carry `name`, which faults address.
    public func transport(named name: String) -> TwinTransport {
        TwinTransport(twin: self, name: name)
    }

    /// Performs the scheduled actions as the clock reaches them, until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            let now = clock.now()
            let (deliveries, next) = state.withLock { state in
                state.run(until: now)
                defer { state.outbox.removeAll() }
                return (state.outbox, state.agenda.nextAt)
            }
            for (handle, event) in deliveries { handle.deliver(event) }
            if let next, next <= clock.now() { continue }
            await wakeup.wait(until: next, clock: clock, executor: taskExecutor)
        }
    }

    /// Changes the twin's state and wakes the driver for what that scheduled.
    func update<Result>(_ body: (inout TwinState) -> Result) -> Result {
        let now = clock.now()
        let result = state.withLock { state in
            state.now = max(state.now, now)
            return body(&state)
        }
        wakeup.signal()
        return result
    }

    /// Reads the twin's state.
    func read<Result>(_ body: (TwinState) -> Result) -> Result {
        state.withLock { body($0) }
    }

    // MARK: The transport's calls

    func open(name: String, options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) throws -> TwinConnection {
        if unresolvable.withLock({ $0.contains(name) }) {
            let host = options.connectString.split(separator: ",").first.map(String.init) ?? options.connectString
            throw ZooKeeperError(
                code: .hostNotFound, operation: "connect", detail: "host '\(host)' does not resolve: Name or service not known")
        }
        let connection = update { $0.open(name: name, options: options, events: events) }
        connection.attach(to: self)
        return connection
    }

    func submit(client: Int, request: ZooKeeperTransportRequest, requestID: Int, watch: Int?) -> ZooKeeperError.Code? {
        update { $0.submit(client: client, request: request, requestID: requestID, watch: watch) }
    }

    func close(client: Int) {
        update { $0.close(client: client) }
    }

    func connectedServer(client: Int) -> String? {
        read { state in
            guard let client = state.clients[client], client.phase == .connected, let member = client.connectedMember else {
                return nil
            }
            return state.address(of: member)
        }
    }

    func connectionProblem(client: Int) -> String? {
        read { $0.clients[client]?.problem }
    }

    /// Makes a client's new connections try `member` first (nil: an order drawn from the seed).
    public func pin(_ name: String, to member: Int?) {
        update { state in
            if let member { state.pinned[name] = member } else { state.pinned[name] = nil }
        }
    }

    /// Makes the hosts of a client's connect string unresolvable (its transport's `open` throws
    /// `hostNotFound`) or resolvable again.
    public func setUnresolvable(_ name: String, _ unresolvable: Bool) {
        self.unresolvable.withLock { names in
            if unresolvable { names.insert(name) } else { names.remove(name) }
        }
    }
}

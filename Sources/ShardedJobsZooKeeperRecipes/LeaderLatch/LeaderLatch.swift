import Logging
import ServiceLifecycle
import Synchronization
@_spi(Simulation) import ShardedJobsZooKeeper

/// Leader election among any number of processes: exactly one contender of a latch path is
/// the leader at a time, Apache Curator's `LeaderLatch` done with the client's session states
/// and lease.
///
/// ```swift
/// let latch = LeaderLatch(client: client, path: "/job/leader/election/latch", participantID: instanceID, logger: logger)
/// // run it in the application's ServiceGroup, after the client
/// for await event in latch.events() {
///     switch event {
///     case .isLeader(let leadership): startLeading(leadership)
///     case .notLeader: stopLeading()
///     }
/// }
/// ```
///
/// Each contender owns one ephemeral sequential node `_c_<uuid>-latch-<sequence>` under the
/// latch path, holding its participant id. The contender whose node has the lowest sequence
/// leads. A contender that is not first watches only its predecessor (no herd effect); the
/// leader watches its own node. Before claiming leadership it confirms that its node's
/// `ephemeralOwner` is its current session. The protection prefix lets a contender find a node
/// whose create reply was lost, and recognise its own nodes of earlier sessions (deleted, then
/// created anew). See `docs/recipes.md` for the full protocol.
///
/// Leadership ends when the node does, and earlier on connection trouble, per `lossPolicy`:
/// by default as soon as the connection is `suspended`; with `.lost`, only when the session is
/// lost. After `reconnected` the node is re-validated; after a new session it is re-created.
///
/// The latch is a `Service`: `run()` takes part in the election until the task is cancelled or
/// graceful shutdown begins (unless `endsOnGracefulShutdown` is off: then only cancellation
/// ends it), then gives up leadership, deletes its node and returns. A latch runs once:
/// latent, then started, then closed.
public final class LeaderLatch: Service, Sendable {
    /// The latch path: the parent of the contenders' nodes.
    public let path: String
    /// The id stored in this contender's node (the job layer stores the instance id).
    public let participantID: String
    /// Whether graceful shutdown ends the latch; when false, only the task's cancellation does
    /// (an owner that must lead on while it shuts down, such as a job draining itself).
    public let endsOnGracefulShutdown: Bool
    /// When leadership is given up because of the connection.
    public let lossPolicy: LossPolicy
    let client: ZooKeeperClient
    let retryPolicy: any RetryPolicy
    let logger: Logger
    let name: ProtectedName

    private enum Lifecycle {
        case latent, started, closed
    }

    private struct State {
        var lifecycle = Lifecycle.latent
        var leadership: Leadership?
    }

    private let state = Mutex(State())
    private let hub = EventHub<Event>(present: [.notLeader])

    /// Creates a contender; nothing happens until `run()`.
    ///
    /// - Parameters:
    ///   - client: the client whose session the contender's node belongs to.
    ///   - path: the latch path; created (with its parents) when missing.
    ///   - participantID: stored as the node's data, for `participants()` and operators.
    ///   - lossPolicy: when the connection takes leadership away; `.suspended` by default.
    ///   - retryPolicy: how failed ZooKeeper operations are retried.
    ///   - logger: the latch's logger; `zk.path` is added to its metadata.
    public init(
        client: ZooKeeperClient,
        path: String,
        participantID: String = "",
        lossPolicy: LossPolicy = .suspended,
        retryPolicy: some RetryPolicy = .exponentialBackoff(),
        endsOnGracefulShutdown: Bool = true,
        logger: Logger
    ) {
        self.client = client
        self.endsOnGracefulShutdown = endsOnGracefulShutdown
        self.name = ProtectedName(lockName: "latch", random: client.clientEnvironment.random)
        self.path = path
        self.participantID = participantID
        self.lossPolicy = lossPolicy
        self.retryPolicy = retryPolicy
        var logger = logger
        logger[metadataKey: "zk.path"] = "\(path)"
        if !participantID.isEmpty { logger[metadataKey: "zk.participant"] = "\(participantID)" }
        self.logger = logger
    }

    /// Whether this contender leads now.
    ///
    /// Synchronous and cheap. Besides the latch's own state it checks the client at the moment
    /// of the call: the lease of the leadership's session must be valid, and with the default
    /// `.suspended` policy the connection must be up. So it turns false on the first
    /// instruction after a freeze or a drop, before any event has been processed.
    public var hasLeadership: Bool {
        leadership != nil
    }

    /// The current leadership, or nil when this contender does not lead now (by the same rules
    /// as `hasLeadership`).
    public var leadership: Leadership? {
        let current = state.withLock { $0.lifecycle == .started ? $0.leadership : nil }
        guard let current, client.isLeaseValid(forSession: current.sessionID) else { return nil }
        if lossPolicy == .suspended, !client.isConnected { return nil }
        return current
    }

    /// The latch's events from now on, starting with the present (`isLeader` or `notLeader`).
    ///
    /// Each call returns a new sequence; it ends when `run()` returns.
    public func events() -> AsyncStream<Event> {
        hub.subscribe()
    }

    /// Reads the contenders, in queue order (the first one leads).
    ///
    /// Throws the client's errors; an empty array when the latch path does not exist.
    public func participants() async throws -> [Participant] {
        let names: [String]
        do {
            names = try await client.getChildren(path).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
        var participants: [Participant] = []
        for child in ProtectedName.queue(names, lockName: name.lockName) {
            let nodePath = ZooKeeperPath.join(path, child)
            guard let data = try? await client.getData(nodePath) else { continue }
            participants.append(
                Participant(
                    id: data.string, nodePath: nodePath, sessionID: data.stat.ephemeralOwner,
                    isLeader: participants.isEmpty))
        }
        return participants
    }

    /// Takes part in the election until the task is cancelled or graceful shutdown begins, or
    /// the client stops; then gives up leadership and deletes this contender's node.
    ///
    /// Throws `RecipeError` `alreadyStarted` when called twice, and `invalidPath` for a bad path.
    public func run() async throws {
        try ZooKeeperPath.validate(path, operation: "LeaderLatch")
        try state.withLock { state in
            guard state.lifecycle == .latent else {
                throw RecipeError(code: .alreadyStarted, path: path, detail: "a LeaderLatch runs only once")
            }
            state.lifecycle = .started
        }
        logger.debug("leader latch started", metadata: ["zk.prefix": "\(name.prefix)"])
        let inbox = RecipeInbox<Election.Input>(environment: client.clientEnvironment)
        var election = Election(latch: self, inbox: inbox)
        let events = client.sessionEvents()
        await withDiscardingTaskGroup { group in
            let executor = client.clientEnvironment.taskExecutor
            group.addTask(executorPreference: executor) { await inbox.runJobs() }
            group.addTask(executorPreference: executor) { await inbox.forward(events, { .session($0) }, ended: .clientStopped) }
            await inbox.consume(followsGracefulShutdown: endsOnGracefulShutdown) { input in await election.handle(input) }
            group.cancelAll()
        }
        inbox.finish()
        await election.resign()
        state.withLock { $0.lifecycle = .closed }
        hub.finish()
        logger.debug("leader latch closed")
    }

    /// Records a leadership change and publishes it, if it is one.
    func setLeadership(_ leadership: Leadership?, reason: String) {
        let changed = state.withLock { state in
            guard state.leadership != leadership else { return false }
            state.leadership = leadership
            return true
        }
        guard changed else { return }
        let event = leadership.map(Event.isLeader) ?? .notLeader
        if let leadership {
            logger.info(
                "became leader", metadata: ["zk.node": "\(leadership.nodePath)", "zk.session": "\(hex(leadership.sessionID))"])
        } else {
            logger.info("not leader", metadata: ["zk.reason": "\(reason)"])
        }
        hub.publish(event, present: [event])
    }
}

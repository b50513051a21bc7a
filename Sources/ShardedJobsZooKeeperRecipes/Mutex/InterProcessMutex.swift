import Logging
@_spi(Simulation) import ShardedJobsZooKeeper
import Synchronization

/// A lock shared by processes through ZooKeeper: at most one holder at a time across every
/// instance of every process that uses the same path, Apache Curator's `InterProcessMutex`.
///
/// ```swift
/// let mutex = InterProcessMutex(client: client, path: "/job/leader/failover/latch", logger: logger)
/// guard try await mutex.acquire(timeout: .seconds(5)) else { return }   // not acquired in time
/// guard mutex.isHeld else { ... }               // at each commit point
/// try await mutex.release()
///
/// try await mutex.withLock(timeout: .seconds(5)) { ... }   // the same, released on every path
/// ```
///
/// Built like `LeaderLatch`: each acquirer creates an ephemeral sequential node
/// `_c_<uuid>-lock-<sequence>` under the path; the lowest sequence holds the lock; a waiter
/// watches only its predecessor; the protection prefix finds a node whose create reply was
/// lost. A waiter whose session is replaced keeps waiting with a new node (its stale one is
/// deleted).
///
/// A hold is tied to the session that owns its node: when that session ends, the server
/// deletes the node and the next waiter acquires. `isHeld` turns false at once — it checks the
/// client's lease for that session — so a holder learns it lost the lock before the server can
/// give it to someone else (see `docs/recipes.md`).
///
/// One instance is one participant, and not re-entrant: `acquire` while this instance holds
/// or is acquiring throws `alreadyHeld`; use one instance per task that competes. The mutex
/// has no background work (everything happens inside `acquire` and `release`), so it is not a
/// `Service`: it is used from within the service that owns it. Its states are
/// idle → acquiring → held → idle.
public final class InterProcessMutex: Sendable {
    /// A granted lock: the node that holds it and the session that owns the node.
    public struct Hold: Hashable, Sendable {
        /// The session that owns the holding node.
        public let sessionID: Int64
        /// The holding node's path.
        public let nodePath: String
    }

    private enum State {
        case idle
        case acquiring
        case held(Hold, ContenderQueue)
    }

    /// The lock's path: the parent of the contenders' nodes.
    public let path: String
    /// The id stored in this participant's node.
    public let participantID: String
    let client: ZooKeeperClient
    let retryPolicy: any RetryPolicy
    let deleter: GuaranteedDeleter?
    let logger: Logger
    private let state = Mutex(State.idle)

    /// Creates a participant; nothing happens until `acquire`.
    ///
    /// - Parameters:
    ///   - client: the client whose session holds the lock.
    ///   - path: the lock's path; created (with its parents) when missing.
    ///   - participantID: stored as the node's data, for operators.
    ///   - retryPolicy: how failed ZooKeeper operations are retried.
    ///   - deleter: where a node that could not be deleted (on release or after a timeout) is
    ///     handed for deletion in the background; without one, a failed release throws.
    ///   - logger: the mutex's logger; `zk.path` is added to its metadata.
    public init(
        client: ZooKeeperClient,
        path: String,
        participantID: String = "",
        retryPolicy: some RetryPolicy = .exponentialBackoff(),
        deleter: GuaranteedDeleter? = nil,
        logger: Logger
    ) {
        self.client = client
        self.path = path
        self.participantID = participantID
        self.retryPolicy = retryPolicy
        self.deleter = deleter
        var logger = logger
        logger[metadataKey: "zk.path"] = "\(path)"
        self.logger = logger
    }

    /// The current hold, when this instance holds the lock and its session's lease is valid.
    public var hold: Hold? {
        let hold: Hold? = state.withLock { state in
            if case .held(let hold, _) = state { return hold }
            return nil
        }
        guard let hold, client.isLeaseValid(forSession: hold.sessionID) else { return nil }
        return hold
    }

    /// Whether this instance holds the lock now.
    ///
    /// Synchronous and lock-free on the client side: false as soon as the lease of the holding
    /// session is invalid (lost, expired, or past its deadline after a freeze), even before
    /// any event has been processed.
    public var isHeld: Bool { hold != nil }

    /// Waits until the lock is acquired, or until `timeout` has passed.
    ///
    /// - Parameter timeout: how long to wait; nil waits without limit.
    /// - Returns: true when acquired; false when the timeout passed first (this participant's
    ///   node is then deleted).
    /// - Throws: `RecipeError` `alreadyHeld` when this instance holds or is acquiring;
    ///   `CancellationError` when the task is cancelled; the client's error when ZooKeeper
    ///   keeps failing past the retry policy. In every failure case the node is cleaned up.
    public func acquire(timeout: Duration? = nil) async throws -> Bool {
        try state.withLock { state in
            guard case .idle = state else {
                throw RecipeError(code: .alreadyHeld, path: path, detail: "this instance holds or is acquiring the lock")
            }
            state = .acquiring
        }
        let clock = client.clientEnvironment.clock
        let deadline = timeout.map { clock.now() &+ $0.nanoseconds }
        var queue = ContenderQueue(
            client: client, path: path, name: ProtectedName(lockName: "lock", random: client.clientEnvironment.random), data: Array(participantID.utf8),
            logger: logger)
        do {
            if let hold = try await attempt(&queue, until: deadline) {
                state.withLock { $0 = .held(hold, queue) }
                logger.debug("lock acquired", metadata: ["zk.node": "\(hold.nodePath)"])
                return true
            }
            logger.debug("lock not acquired before the timeout")
            await cleanUp(&queue)
            state.withLock { $0 = .idle }
            return false
        } catch {
            await cleanUp(&queue)
            state.withLock { $0 = .idle }
            throw error
        }
    }

    /// Releases the lock: deletes the holding node (a node already gone counts as deleted).
    ///
    /// The instance counts as not holding from the start of the call. When the delete keeps
    /// failing past the retry policy, the node is handed to the `deleter` if there is one;
    /// otherwise the error is thrown (the node then ends with its session at the latest).
    ///
    /// - Throws: `RecipeError` `notHeld` when this instance does not hold the lock.
    public func release() async throws {
        var queue: ContenderQueue = try state.withLock { state in
            guard case .held(_, let queue) = state else {
                throw RecipeError(code: .notHeld, path: path, detail: "this instance does not hold the lock")
            }
            state = .idle
            return queue
        }
        let node = queue.node.map { queue.childPath($0.name) }
        do {
            try await retryPolicy.execute("release lock", logger: logger, clock: client.clientEnvironment.clock) { try await queue.removeNodes() }
            logger.debug("lock released")
        } catch let error as ZooKeeperError where error.code.isRetryable {
            guard let deleter, let node else { throw error }
            logger.warning("could not delete the lock node; deleting it in the background")
            deleter.delete(node)
        }
    }

    /// Runs `body` while holding the lock, and releases it afterwards.
    ///
    /// - Throws: `RecipeError` `timedOut` when the lock is not acquired within `timeout`, and
    ///   whatever `body` or `release()` throws.
    @discardableResult
    public func withLock<Result>(
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard try await acquire(timeout: timeout) else {
            throw RecipeError(code: .timedOut, path: path, detail: "lock not acquired within \(timeout ?? .zero)")
        }
        let result: Result
        do {
            result = try await body()
        } catch {
            try? await release()
            throw error
        }
        try await release()
        return result
    }
}

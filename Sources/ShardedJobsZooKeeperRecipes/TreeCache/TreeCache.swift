import Logging
import ServiceLifecycle
import Synchronization
@_spi(Simulation) import ShardedJobsZooKeeper

/// A local mirror of a ZooKeeper subtree — every node's data and stat — kept current by
/// watches and readable synchronously: Apache Curator's `TreeCache`.
///
/// ```swift
/// let cache = TreeCache(client: client, path: "/job/instances", maxDepth: 1, logger: logger)
/// // run it in the application's ServiceGroup, after the client
/// try await cache.waitUntilInitialized()
/// let instances = cache.children(of: "/job/instances") ?? []
/// for await event in cache.events() { ... }   // added / updated / removed
/// ```
///
/// Each node in the mirror carries exactly one data watch and, above `maxDepth`, one children
/// watch; the C client's watches are one-shot, so each is re-armed by the read that follows
/// its event. Nothing polls. A `reconnected` session keeps its watches (the C client
/// re-registers them, and the server fires those whose node changed meanwhile), so only reads
/// that failed during the gap are repeated. A new session has no watches: the whole subtree is
/// read again and the differences are emitted as events. The mirror is kept (stale) while the
/// connection is down. See `docs/recipes.md`.
///
/// The cache is a `Service`: `run()` keeps the mirror until the task is cancelled, graceful
/// shutdown begins, or the client stops. A cache runs once: latent, then started, then closed.
public final class TreeCache: Service, Sendable {
    /// The subtree's root.
    public let path: String
    /// The deepest level mirrored below the root (the root is level 0); nil for no limit.
    public let maxDepth: Int?
    let client: ZooKeeperClient
    let retryPolicy: any RetryPolicy
    let logger: Logger

    private enum Lifecycle {
        case latent, started, closed
    }

    private struct State {
        var lifecycle = Lifecycle.latent
        var mirror: TreeCacheMirror
    }

    private let state: Mutex<State>
    private let hub = EventHub<TreeCacheEvent>()
    private let initialized = OneShot<Bool>()

    /// Creates a cache; nothing is read until `run()`.
    ///
    /// - Parameters:
    ///   - client: the client to read and watch through.
    ///   - path: the subtree's root; it may be missing (the cache waits for it to appear).
    ///   - maxDepth: the deepest level to mirror (0 mirrors the root only); nil for no limit.
    ///   - retryPolicy: how failed reads are retried while connected.
    ///   - logger: the cache's logger; `zk.path` is added to its metadata.
    public init(
        client: ZooKeeperClient,
        path: String,
        maxDepth: Int? = nil,
        retryPolicy: some RetryPolicy = .exponentialBackoff(),
        logger: Logger
    ) {
        self.client = client
        self.path = path
        self.maxDepth = maxDepth.map { max(0, $0) }
        self.retryPolicy = retryPolicy
        var logger = logger
        logger[metadataKey: "zk.path"] = "\(path)"
        self.logger = logger
        self.state = Mutex(State(mirror: TreeCacheMirror(root: path)))
    }

    /// The data and stat of a node in the mirror, or nil when it is not there.
    public func node(at path: String) -> NodeData? {
        state.withLock { $0.mirror.data(at: path) }
    }

    /// The sorted names of a node's children in the mirror, or nil when the node is not there.
    public func children(of path: String) -> [String]? {
        state.withLock { $0.mirror.children(of: path) }
    }

    /// Every node of the mirror, by path.
    public func snapshot() -> [String: NodeData] {
        state.withLock { $0.mirror.snapshot }
    }

    /// Whether the initial load is complete.
    public var isInitialized: Bool { initialized.value == true }

    /// Waits until the initial load is complete (at once if it is).
    ///
    /// Throws `RecipeError` `closed` if the cache stops first, and `CancellationError`.
    public func waitUntilInitialized() async throws {
        guard try await initialized.wait() else {
            throw RecipeError(code: .closed, path: path, detail: "the cache stopped before its initial load completed")
        }
    }

    /// The cache's events from now on (no replay); the sequence ends when `run()` returns.
    public func events() -> AsyncStream<TreeCacheEvent> {
        hub.subscribe()
    }

    /// Keeps the mirror until the task is cancelled, graceful shutdown begins, or the client stops.
    ///
    /// Throws `RecipeError` `alreadyStarted` when called twice, and `invalidPath` for a bad path.
    public func run() async throws {
        try ZooKeeperPath.validate(path, operation: "TreeCache")
        try state.withLock { state in
            guard state.lifecycle == .latent else {
                throw RecipeError(code: .alreadyStarted, path: path, detail: "a TreeCache runs only once")
            }
            state.lifecycle = .started
        }
        let inbox = RecipeInbox<Sync.Input>(environment: client.clientEnvironment)
        var sync = Sync(cache: self, inbox: inbox)
        let events = client.sessionEvents()
        await withDiscardingTaskGroup { group in
            let executor = client.clientEnvironment.taskExecutor
            group.addTask(executorPreference: executor) { await inbox.runJobs() }
            group.addTask(executorPreference: executor) { await inbox.forward(events, { .session($0) }, ended: .clientStopped) }
            await inbox.consume { input in await sync.handle(input) }
            group.cancelAll()
        }
        inbox.finish()
        state.withLock { $0.lifecycle = .closed }
        initialized.fulfil(false)
        hub.finish()
        logger.debug("tree cache closed")
    }

    /// Applies a change to the mirror and publishes the events it causes, under one lock, so
    /// that a subscriber that sees an event finds the mirror at least as new.
    func apply(_ change: (inout TreeCacheMirror) -> [TreeCacheEvent]) {
        state.withLock { state in
            for event in change(&state.mirror) {
                logger.trace("\(event)")
                hub.publish(event)
            }
        }
    }

    /// Reads the mirror.
    func read<Value: Sendable>(_ body: (TreeCacheMirror) -> Value) -> Value {
        state.withLock { body($0.mirror) }
    }

    /// Marks the initial load complete, once.
    func markInitialized() {
        guard initialized.fulfil(true) else { return }
        logger.debug("tree cache initialized", metadata: ["zk.nodes": "\(snapshot().count)"])
        hub.publish(.initialized)
    }
}

import Logging
import ServiceLifecycle
import Synchronization
@_spi(Simulation) import ShardedJobsZooKeeper

/// Deletes nodes in the background until each delete is done or its node is gone, surviving
/// connection loss and session changes: Apache Curator's guaranteed delete.
///
/// ```swift
/// let deleter = GuaranteedDeleter(client: client, logger: logger)   // a Service: run it
/// deleter.delete("/job/leader/sharding/processing")                 // returns at once
/// ```
///
/// Each delete is tried at once when the client is connected, with the retry policy for
/// retryable errors (a lost connection, a timeout). When the policy gives up, or while the
/// connection is down, the delete waits for the next `reconnected` or new session and starts
/// over — it is never dropped, and nothing polls. `NONODE` counts as done (it is also what a
/// retry sees when a delete whose reply was lost had happened). An error a retry cannot fix
/// (`NOTEMPTY`, `BADVERSION`, `NOAUTH`) settles the delete as `failed`.
///
/// The deleter is a `Service`: `run()` works until the task is cancelled, graceful shutdown
/// begins, or the client stops; deletes still pending then are `abandoned` (logged). Deletes
/// requested before `run()` wait for it. In a `ServiceGroup`, list the deleter before the
/// services that use it, so that it stops after them.
public final class GuaranteedDeleter: Service, Sendable {
    private enum Lifecycle {
        case latent
        case started(RecipeInbox<Input>)
        case closed
    }

    private struct State {
        var lifecycle = Lifecycle.latent
        /// Every delete not settled yet, requested before or during `run()`.
        var pending: [ObjectIdentifier: GuaranteedDeletion] = [:]
    }

    enum Input: Sendable {
        case request(GuaranteedDeletion)
        case session(SessionEvent)
        case attempted(GuaranteedDeletion, Attempt, epoch: Int)
        case clientStopped
    }

    /// What one round of attempts came to.
    enum Attempt: Sendable {
        case settled(GuaranteedDeletion.Outcome)
        case retryLater(any Error)
    }

    let client: ZooKeeperClient
    let retryPolicy: any RetryPolicy
    let logger: Logger
    private let state = Mutex(State())

    /// Creates a deleter; deletes are queued until `run()`.
    ///
    /// - Parameters:
    ///   - client: the client to delete through.
    ///   - retryPolicy: how attempts are retried while connected; the default is the design's.
    ///   - logger: the deleter's logger; each delete's path is logged as `zk.path`.
    public init(client: ZooKeeperClient, retryPolicy: some RetryPolicy = .exponentialBackoff(), logger: Logger) {
        self.client = client
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    /// The number of deletes not settled yet.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Requests the deletion of `path` (if its version matches; `-1` matches any) and returns
    /// at once; the returned value reports the outcome.
    @discardableResult
    public func delete(_ path: String, version: Int32 = -1) -> GuaranteedDeletion {
        let deletion = GuaranteedDeletion(path: path, version: version)
        do {
            try ZooKeeperPath.validate(path, operation: "delete")
        } catch {
            deletion.finish(.failed(error as? ZooKeeperError ?? ZooKeeperError(code: .invalidPath, operation: "delete")))
            return deletion
        }
        enum Next {
            case wait, post(RecipeInbox<Input>), abandon
        }
        let next: Next = state.withLock { state in
            if case .closed = state.lifecycle { return .abandon }
            state.pending[ObjectIdentifier(deletion)] = deletion
            if case .started(let inbox) = state.lifecycle { return .post(inbox) }
            return .wait
        }
        switch next {
        case .wait: break
        case .post(let inbox): inbox.post(.request(deletion))
        case .abandon: deletion.finish(.abandoned)
        }
        return deletion
    }

    /// Works through the deletes until the task is cancelled, graceful shutdown begins, or the
    /// client stops; then settles every pending delete as `abandoned`.
    ///
    /// Throws `RecipeError` `alreadyStarted` when called twice.
    public func run() async throws {
        let inbox = RecipeInbox<Input>(environment: client.clientEnvironment)
        try state.withLock { state in
            guard case .latent = state.lifecycle else {
                throw RecipeError(code: .alreadyStarted, path: "/", detail: "a GuaranteedDeleter runs only once")
            }
            state.lifecycle = .started(inbox)
        }
        var driver = Driver(deleter: self, inbox: inbox)
        let events = client.sessionEvents()
        await withDiscardingTaskGroup { group in
            let executor = client.clientEnvironment.taskExecutor
            group.addTask(executorPreference: executor) { await inbox.runJobs() }
            group.addTask(executorPreference: executor) { await inbox.forward(events, { .session($0) }, ended: .clientStopped) }
            await inbox.consume { input in driver.handle(input) }
            group.cancelAll()
        }
        inbox.finish()
        let abandoned = state.withLock { state in
            state.lifecycle = .closed
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for deletion in abandoned {
            logger.warning("guaranteed delete abandoned: the deleter stopped", metadata: ["zk.path": "\(deletion.path)"])
            deletion.finish(.abandoned)
        }
    }

    /// The deletes not settled yet.
    var pendingDeletions: [GuaranteedDeletion] {
        state.withLock { Array($0.pending.values) }
    }

    /// Settles a deletion and forgets it.
    func settle(_ deletion: GuaranteedDeletion, _ outcome: GuaranteedDeletion.Outcome) {
        state.withLock { _ = $0.pending.removeValue(forKey: ObjectIdentifier(deletion)) }
        deletion.finish(outcome)
    }

    /// One round of attempts under the retry policy.
    func attempt(_ deletion: GuaranteedDeletion) async -> Attempt {
        var logger = logger
        logger[metadataKey: "zk.path"] = "\(deletion.path)"
        do {
            try await retryPolicy.execute("guaranteed delete", logger: logger, clock: client.clientEnvironment.clock) {
                try await client.delete(deletion.path, version: deletion.version)
            }
            return .settled(.deleted)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return .settled(.alreadyGone)
        } catch let error as ZooKeeperError where !error.code.isRetryable {
            return .settled(.failed(error))
        } catch {
            return .retryLater(error)
        }
    }
}

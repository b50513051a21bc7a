import Logging
@_spi(Simulation) import ShardedJobsZooKeeper

extension LeaderLatch {
    /// The latch's driver: all of its ZooKeeper state, changed only by `handle(_:)`, one input
    /// at a time, inside `run()`.
    struct Election {
        /// What the driver reacts to.
        enum Input: Sendable {
            case session(SessionEvent)
            case watchFired(token: Int, WatchEvent)
            case retry(generation: Int)
            case clientStopped
        }

        /// The one watch the contender keeps: on its predecessor, or on its own node when leading.
        private struct Watched {
            let path: String
            let token: Int
            let watch: ZooKeeperWatch
        }

        let latch: LeaderLatch
        let inbox: RecipeInbox<Input>
        private var queue: ContenderQueue
        /// The session we act under (from the last `connected`), nil after `lost`.
        private var session: ZooKeeperSession?
        private var connected = false
        private var watched: Watched?
        private var nextToken = 0
        private var failures = 0
        /// Raised by every check, so that a retry scheduled before it is ignored.
        private var generation = 0

        init(latch: LeaderLatch, inbox: RecipeInbox<Input>) {
            self.latch = latch
            self.inbox = inbox
            self.queue = ContenderQueue(
                client: latch.client, path: latch.path, name: latch.name, data: Array(latch.participantID.utf8),
                logger: latch.logger)
        }

        /// Handles one input; false when the latch should stop (the client stopped).
        mutating func handle(_ input: Input) async -> Bool {
            switch input {
            case .session(.connected(let new)):
                session = new
                connected = true
                watched = nil
                failures = 0
                await check()
            case .session(.suspended):
                connected = false
                if latch.lossPolicy == .suspended { latch.setLeadership(nil, reason: "connection suspended") }
            case .session(.reconnected):
                connected = true
                failures = 0
                await check()
            case .session(.lost(let reason)):
                connected = false
                session = nil
                watched = nil
                latch.setLeadership(nil, reason: "session lost (\(reason))")
            case .watchFired(let token, let event):
                guard let current = watched, current.token == token else { return true }
                watched = nil
                guard event.isNodeEvent else { return true }
                if event.kind == .deleted, current.path == ownPath {
                    latch.setLeadership(nil, reason: "our node was deleted")
                }
                await check()
            case .retry(let scheduled):
                if scheduled == generation { await check() }
            case .clientStopped:
                return false
            }
            return true
        }

        private var ownPath: String? {
            queue.node.map { queue.childPath($0.name) }
        }

        /// Looks at the queue and settles leadership; on failure, schedules a retry by the
        /// retry policy, and once it gives up waits for the next session event.
        private mutating func check() async {
            generation += 1
            guard connected, let session else { return }
            do {
                try await evaluate(session)
                failures = 0
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                if let delay = latch.retryPolicy.delay(afterFailedAttempts: failures) {
                    latch.logger.info(
                        "election check failed; retrying", metadata: ["zk.error": "\(error)", "zk.delay": "\(delay)"])
                    inbox.post(.retry(generation: generation), after: delay)
                } else {
                    latch.logger.warning(
                        "election check failed; waiting for the connection to change", metadata: ["zk.error": "\(error)"])
                }
            }
        }

        private mutating func evaluate(_ session: ZooKeeperSession) async throws {
            while true {
                switch try await queue.evaluate(in: session) {
                case .first(let own):
                    // Confirm against our session, and watch our own node while leading.
                    guard let stat = try await watch(own) else { continue }
                    guard stat.ephemeralOwner == session.id else {
                        latch.setLeadership(nil, reason: "our node belongs to another session")
                        queue.forgetNode()
                        throw ZooKeeperError(
                            code: .sessionExpired, operation: "confirm leadership", path: own,
                            detail: "ephemeralOwner \(hex(stat.ephemeralOwner)) is not \(session.idString)")
                    }
                    latch.setLeadership(
                        Leadership(sessionID: session.id, nodePath: own, participantID: latch.participantID),
                        reason: "first in queue")
                    return
                case .behind(let predecessor, _):
                    latch.setLeadership(nil, reason: "behind \(predecessor)")
                    if try await watch(predecessor) != nil { return }
                // The predecessor vanished before we could watch it: look again.
                }
            }
        }

        /// Reads a node's stat, leaving a data watch on it unless one is pending already; nil
        /// when the node does not exist.
        private mutating func watch(_ path: String) async throws -> NodeStat? {
            if let watched, watched.path == path, watched.watch.firedEvent == nil {
                return try await latch.client.exists(path)
            }
            do {
                let (data, watch) = try await latch.client.watchData(path)
                nextToken += 1
                let token = nextToken
                watched = Watched(path: path, token: token, watch: watch)
                inbox.follow(watch) { .watchFired(token: token, $0) }
                return data.stat
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
        }

        /// Gives up leadership and deletes our node (and any with our prefix) while connected;
        /// otherwise the node ends with its session.
        mutating func resign() async {
            latch.setLeadership(nil, reason: "latch closing")
            guard latch.client.isConnected else { return }
            do {
                try await latch.retryPolicy.execute("delete latch node", logger: latch.logger, clock: latch.client.clientEnvironment.clock) {
                    try await queue.removeNodes()
                }
            } catch {
                latch.logger.warning(
                    "could not delete our latch node; it ends with the session", metadata: ["zk.error": "\(error)"])
            }
        }
    }
}

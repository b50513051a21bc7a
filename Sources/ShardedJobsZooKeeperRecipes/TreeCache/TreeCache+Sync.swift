import Logging
import ServiceLifecycle
import ShardedJobsZooKeeper

extension TreeCache {
    /// The cache's driver: which watches are armed, what must be read, what failed; changed
    /// only by `handle(_:)`, one input at a time, inside `run()`.
    ///
    /// Reads run one after another from a work queue, so each read's result is newer than the
    /// last one applied (a session's replies and notifications arrive in order) and the mirror
    /// only moves forward. A node is read (`.data`) or listed (`.children`) only while it has
    /// no armed watch of that kind, and every read leaves one; a fired watch disarms and queues
    /// the read that re-arms it. Watches are told apart by token, so that a late event of a
    /// watch of an ended session changes nothing.
    struct Sync {
        /// What the driver reacts to.
        enum Input: Sendable {
            case session(SessionEvent)
            case dataWatch(path: String, token: Int, WatchEvent.Kind)
            case childrenWatch(path: String, token: Int, WatchEvent.Kind)
            case existenceWatch(token: Int, WatchEvent.Kind)
            case retry(generation: Int)
            case clientStopped
        }

        /// One read to do.
        enum Work: Hashable {
            case data(String)
            case children(String)
            case rootExistence
        }

        let cache: TreeCache
        let inbox: RecipeInbox<Input>
        private var queue: [Work] = []
        private var head = 0
        private var queued: Set<Work> = []
        private var failed: Set<Work> = []
        private var dataWatches: [String: Int] = [:]
        private var childrenWatches: [String: Int] = [:]
        private var existenceWatch: Int?
        private var nextToken = 0
        private var connected = false
        private var failures = 0
        private var retryGeneration = 0

        init(cache: TreeCache, inbox: RecipeInbox<Input>) {
            self.cache = cache
            self.inbox = inbox
        }

        private var root: String { cache.path }

        /// Handles one input, then does the reads it queued; false when the cache should stop.
        mutating func handle(_ input: Input) async -> Bool {
            switch input {
            case .session(.connected):
                // A new session holds no watch: read the whole subtree again.
                connected = true
                forgetWatches()
                failed.removeAll()
                failures = 0
                enqueue(.data(root))
                enqueue(.children(root))
            case .session(.reconnected):
                connected = true
                failures = 0
                requeueFailed()
            case .session(.suspended):
                connected = false
            case .session(.lost):
                connected = false
                forgetWatches()
            case .dataWatch(let path, let token, let kind):
                guard dataWatches[path] == token else { break }
                dataWatches[path] = nil
                if kind != .sessionEnded { enqueue(.data(path)) }
            case .childrenWatch(let path, let token, let kind):
                guard childrenWatches[path] == token else { break }
                childrenWatches[path] = nil
                if kind != .sessionEnded { enqueue(.children(path)) }
            case .existenceWatch(let token, let kind):
                guard existenceWatch == token else { break }
                existenceWatch = nil
                if kind != .sessionEnded {
                    enqueue(.data(root))
                    enqueue(.children(root))
                }
            case .retry(let generation):
                if generation == retryGeneration, connected { requeueFailed() }
            case .clientStopped:
                return false
            }
            await drain()
            return true
        }

        private mutating func forgetWatches() {
            dataWatches.removeAll()
            childrenWatches.removeAll()
            existenceWatch = nil
        }

        private mutating func enqueue(_ work: Work) {
            guard queued.insert(work).inserted else { return }
            queue.append(work)
        }

        private mutating func requeueFailed() {
            for work in failed.sorted(by: { "\($0)" < "\($1)" }) { enqueue(work) }
            failed.removeAll()
        }

        /// Does the queued reads; marks the cache initialized the first time nothing is left to
        /// read (or to retry) on a live connection.
        private mutating func drain() async {
            while head < queue.count {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                let work = queue[head]
                head += 1
                queued.remove(work)
                await perform(work)
            }
            queue.removeAll(keepingCapacity: true)
            head = 0
            if connected, failed.isEmpty { cache.markInitialized() }
        }

        private mutating func perform(_ work: Work) async {
            do {
                switch work {
                case .data(let path): try await readData(path)
                case .children(let path): try await readChildren(path)
                case .rootExistence: try await watchRoot()
                }
                failures = 0
            } catch {
                fail(work, error)
            }
        }

        private mutating func readData(_ path: String) async throws {
            guard path == root || cache.read({ $0.contains(path) }), dataWatches[path] == nil else { return }
            let data: NodeData
            let watch: ZooKeeperWatch
            do {
                (data, watch) = try await cache.client.watchData(path)
            } catch let error as ZooKeeperError where error.code == .noNode {
                cache.apply { $0.remove(path) }
                if path == root { enqueue(.rootExistence) }
                return
            }
            let token = arm(watch) { .dataWatch(path: path, token: $0, $1) }
            dataWatches[path] = token
            cache.apply { mirror in mirror.setData(path, data).map { [$0] } ?? [] }
            if childrenWatches[path] == nil { enqueue(.children(path)) }
        }

        private mutating func readChildren(_ path: String) async throws {
            let (known, depth) = cache.read { ($0.contains(path), $0.depth(of: path)) }
            guard known, depth < cache.maxDepth ?? .max, childrenWatches[path] == nil else { return }
            let children: NodeChildren
            let watch: ZooKeeperWatch
            do {
                (children, watch) = try await cache.client.watchChildren(path)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return  // the node's data watch reports the deletion
            }
            childrenWatches[path] = arm(watch) { .childrenWatch(path: path, token: $0, $1) }
            cache.apply { $0.setChildren(path, names: children.names, stat: children.stat) }
            for name in children.names.sorted() {
                let child = ZooKeeperPath.join(path, name)
                if dataWatches[child] == nil { enqueue(.data(child)) }
                if childrenWatches[child] == nil, depth + 1 < cache.maxDepth ?? .max { enqueue(.children(child)) }
            }
        }

        private mutating func watchRoot() async throws {
            guard !cache.read({ $0.contains(root) }), existenceWatch == nil else { return }
            let (stat, watch) = try await cache.client.watchExistence(root)
            existenceWatch = arm(watch) { .existenceWatch(token: $0, $1) }
            if stat != nil { enqueue(.data(root)) }
        }

        /// Gives the watch a token and has its event posted as an input.
        private mutating func arm(
            _ watch: ZooKeeperWatch, _ input: @escaping @Sendable (Int, WatchEvent.Kind) -> Input
        ) -> Int {
            nextToken += 1
            let token = nextToken
            inbox.follow(watch) { input(token, $0.kind) }
            return token
        }

        /// Keeps a failed read for the next reconnect, and retries it sooner by the retry
        /// policy while the connection is up; a read a retry cannot fix is logged and dropped.
        private mutating func fail(_ work: Work, _ error: any Error) {
            guard let zooKeeperError = error as? ZooKeeperError, zooKeeperError.code.isRetryable else {
                cache.logger.error("tree cache read failed", metadata: ["zk.work": "\(work)", "zk.error": "\(error)"])
                return
            }
            failed.insert(work)
            guard connected else { return }
            failures += 1
            if let delay = cache.retryPolicy.delay(afterFailedAttempts: failures) {
                retryGeneration += 1
                inbox.post(.retry(generation: retryGeneration), after: delay)
            } else {
                cache.logger.warning(
                    "tree cache reads keep failing; waiting for a reconnect", metadata: ["zk.error": "\(error)"])
            }
        }
    }
}

import ShardedJobsZooKeeper
import Synchronization

/// The watches a job has armed on its current session: each comes back through the driver's
/// inbox when its node changes, and none is armed twice. A new session forgets them all (its
/// registration arms them again); the old session's watches end without a node event.
final class JobWatches: Sendable {
    private let armed = Mutex<Set<JobWatch>>([])
    private let post: AsyncStream<JobDriver.Input>.Continuation

    init(post: AsyncStream<JobDriver.Input>.Continuation) {
        self.post = post
    }

    /// Arms `watch` as `kind`: its node event reaches the inbox as `.watchFired(kind)`.
    func arm(_ watch: ZooKeeperWatch, as kind: JobWatch) {
        armed.withLock { _ = $0.insert(kind) }
        let post = self.post
        watch.onEvent { event in
            if event.isNodeEvent { post.yield(.watchFired(kind)) }
        }
    }

    /// Whether a watch of this kind is armed.
    func isArmed(_ kind: JobWatch) -> Bool {
        armed.withLock { $0.contains(kind) }
    }

    /// A watch came back: it is no longer armed.
    func fired(_ kind: JobWatch) {
        armed.withLock { _ = $0.remove(kind) }
    }

    /// Forgets every watch (a new session).
    func forget() {
        armed.withLock { $0.removeAll() }
    }
}

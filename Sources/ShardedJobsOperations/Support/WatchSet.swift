import ShardedJobs
import ShardedJobsZooKeeper

/// The one-shot watches a job watch holds, one per node and kind, re-armed only once fired.
struct WatchSet: Sendable {
    /// What a watch is set on.
    enum Target: Hashable, Sendable {
        /// A node's children.
        case children(String)
        /// A node's data.
        case data(String)
    }

    private var armed: [Target: ZooKeeperWatch] = [:]

    /// Arms every target that has no pending watch (never armed, or fired), concurrently.
    ///
    /// A target whose node does not exist gets an existence watch instead, which fires when it
    /// is created (a job made by `create` has no `instances` node until a worker registers).
    mutating func arm(_ targets: [Target], client: ZooKeeperClient) async throws {
        let due = targets.filter { armed[$0].map { $0.firedEvent != nil } ?? true }
        let results = try await concurrently(due) { target -> (Target, ZooKeeperWatch?) in
            while true {
                do {
                    switch target {
                    case .children(let path): return (target, try await client.watchChildren(path).1)
                    case .data(let path): return (target, try await client.watchData(path).1)
                    }
                } catch let error as ZooKeeperError where error.code == .noNode {
                    let path = switch target { case .children(let path), .data(let path): path }
                    let (stat, creation) = try await client.watchExistence(path)
                    // Created in between: its own watch is armed on the next turn.
                    if stat == nil { return (target, creation) }
                }
            }
        }
        for (target, watch) in results { armed[target] = watch }
        let wanted = Set(targets)
        armed = armed.filter { wanted.contains($0.key) }
    }

    /// Waits until any armed watch fires (returns at once if one has fired already).
    func next() async throws {
        try await ZooKeeperWatch.first(of: Array(armed.values))
    }
}

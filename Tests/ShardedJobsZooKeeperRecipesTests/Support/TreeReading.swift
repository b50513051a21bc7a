import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import TestSupport

/// Reads a whole subtree (data and stat of every node) with plain reads: the reference a
/// cache is compared with. Nodes deleted while it reads are left out.
func readTree(_ client: ZooKeeperClient, _ root: String, maxDepth: Int = .max) async throws -> [String: NodeData] {
    var result: [String: NodeData] = [:]
    var pending: [(String, Int)] = [(root, 0)]
    while let (path, depth) = pending.popLast() {
        guard let data = try await ignoringNoNode({ try await client.getData(path) }) else { continue }
        result[path] = data
        guard depth < maxDepth, let children = try await ignoringNoNode({ try await client.getChildren(path) }) else {
            continue
        }
        // Children counters as of the listing, which is newer than the data read.
        result[path]?.stat.cversion = children.stat.cversion
        result[path]?.stat.numChildren = children.stat.numChildren
        result[path]?.stat.pzxid = children.stat.pzxid
        for name in children.names { pending.append((ZooKeeperPath.join(path, name), depth + 1)) }
    }
    return result
}

/// The operation's value, or nil when it fails with `NONODE`.
func ignoringNoNode<Value>(_ operation: () async throws -> Value) async throws -> Value? {
    do {
        return try await operation()
    } catch let error as ZooKeeperError where error.code == .noNode {
        return nil
    }
}

/// Waits, without polling, until the children of `path` satisfy `predicate`: each look leaves
/// a children watch, and the next look happens when it fires. Returns the names.
@discardableResult
func waitForChildren(
    _ client: ZooKeeperClient, of path: String, within limit: Duration, _ what: String,
    where predicate: @escaping @Sendable ([String]) -> Bool
) async throws -> [String] {
    try await within(limit, what) {
        while true {
            let (children, watch) = try await client.watchChildren(path)
            if predicate(children.names) { return children.names }
            _ = try await watch.event()
        }
    }
}

/// A mirror of a tree built only from a cache's events: proof that the events tell the whole story.
final class EventReplica: Sendable {
    /// The cache's events.
    let log = EventLog<TreeCacheEvent>()
    /// The tree the events describe, after each event in turn.
    let trees = EventLog<[String: NodeData]>()
    private let listener: Task<Void, Never>

    init(_ cache: TreeCache) {
        let events = cache.events()
        let trees = self.trees
        let log = self.log
        listener = Task {
            var tree: [String: NodeData] = [:]
            for await event in events {
                log.record(event)
                switch event {
                case .added(let path, let node), .updated(let path, let node): tree[path] = node
                case .removed(let path, _): tree[path] = nil
                case .initialized: break
                }
                trees.record(tree)
            }
        }
    }

    deinit { listener.cancel() }

    /// The tree the events describe so far.
    var tree: [String: NodeData] { trees.events.last ?? [:] }

    /// Waits until the events describe `expected` (they arrive on their own task, after the
    /// cache has changed).
    func waitUntilDescribing(_ expected: [String: DataIdentity], within limit: Duration, _ what: String) async throws {
        try await trees.wait(for: what, within: limit) { $0.mapValues(DataIdentity.init) == expected }
    }
}

/// What a cache's events promise about a node: its data and the stat fields that change with it.
struct DataIdentity: Hashable {
    let bytes: [UInt8]
    let czxid: Int64
    let mzxid: Int64
    let version: Int32

    init(_ node: NodeData) {
        bytes = node.bytes
        czxid = node.stat.czxid
        mzxid = node.stat.mzxid
        version = node.stat.version
    }
}

/// Waits until the cache's mirror equals `expected`.
///
/// Polled: a listing that changes only a node's children counters (`cversion`, `numChildren`,
/// `pzxid`) updates the mirror without an event, and it may be the last change to land.
func waitForConvergence(
    _ cache: TreeCache, to expected: [String: NodeData], within limit: Duration, _ what: String
) async throws {
    try await poll(what, within: limit) { cache.snapshot() == expected }
}

/// Describes how two trees differ, for failure messages.
func difference(_ actual: [String: NodeData], _ expected: [String: NodeData]) -> String {
    var lines: [String] = []
    for path in Set(actual.keys).union(expected.keys).sorted() where actual[path] != expected[path] {
        lines.append("\(path): cache \(actual[path].map(describe) ?? "-") server \(expected[path].map(describe) ?? "-")")
    }
    return lines.prefix(20).joined(separator: "\n")
}

private func describe(_ node: NodeData) -> String {
    "'\(node.string)' v\(node.stat.version) cv\(node.stat.cversion) n\(node.stat.numChildren) m\(node.stat.mzxid)"
}

/// Waits until the cache equals a fresh full read of `root`, then compares the event replica too.
func checkConvergence(
    _ cache: TreeCache, _ replica: EventReplica, _ writer: ZooKeeperClient, root: String, _ what: String
) async throws {
    let expected = try await readTree(writer, root)
    do {
        try await waitForConvergence(cache, to: expected, within: .seconds(20), what)
    } catch {
        Issue.record("\(what): \(error)\n\(difference(cache.snapshot(), expected))")
        throw error
    }
    // Events report data changes; children counters in the stat change silently.
    let mirror = cache.snapshot().mapValues(DataIdentity.init)
    do {
        try await replica.waitUntilDescribing(mirror, within: .seconds(10), "\(what): the events to describe the mirror")
    } catch {
        Issue.record("\(what): the events do not describe the mirror: \(error)")
    }
}

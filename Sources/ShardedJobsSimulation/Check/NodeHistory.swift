@_spi(Simulation) import ShardedJobsZooKeeperTwin
import Synchronization

/// What the twin committed under the simulated namespace, recorded after every transaction:
/// the nodes the checker glue reads its facts from (configurations, servers, items, their
/// owners and `disabled` marks, triggers, instance nodes), and the invariant of DESIGN 12.5 — an item's `last`
/// (`sharding/{item}`) never decreases — checked on every transaction.
final class NodeHistory: Sendable {
    /// One change of a recorded node.
    struct Change: Sendable {
        let zxid: Int64
        /// The commit's wall time, epoch ms.
        let time: Int64
        let job: String
        /// The path below the job (`config`, `sharding/3`, `servers/10.0.0.1`, …).
        let node: String
        let before: String?
        let after: String?
        /// The session that wrote it.
        let session: Int64
    }

    /// A write that lowered an item's `last`.
    struct Decrease: Sendable, CustomStringConvertible {
        let zxid: Int64
        let time: Int64
        let job: String
        let item: Int
        let before: Int64
        let after: Int64

        var description: String {
            "last of \(job) item \(item) went from \(before) to \(after) (zxid \(zxid), at \(time))"
        }
    }

    private struct State {
        var changes: [Change] = []
        var decreases: [Decrease] = []
        var transactions = 0
    }

    private let prefix: String
    private let state = Mutex(State())

    /// Records the jobs under `/{namespace}`.
    init(namespace: String) {
        prefix = "/" + namespace + "/"
    }

    /// Takes one committed transaction (called under the twin's lock).
    func record(_ commit: TwinCommit) {
        state.withLock { state in
            state.transactions += 1
            for change in commit.changes where change.path.hasPrefix(prefix) {
                let rest = change.path.dropFirst(prefix.count)
                guard let slash = rest.firstIndex(of: "/") else { continue }
                let job = String(rest[..<slash])
                let node = String(rest[rest.index(after: slash)...])
                guard Self.isRecorded(node) else { continue }
                let before = change.before.map { String(decoding: $0, as: UTF8.self) }
                let after = change.after.map { String(decoding: $0, as: UTF8.self) }
                state.changes.append(
                    Change(zxid: commit.zxid, time: commit.time, job: job, node: node, before: before, after: after, session: commit.session))
                if let item = Self.item(of: node), let old = before.flatMap({ Int64($0) }), let new = after.flatMap({ Int64($0) }),
                    new < old
                {
                    state.decreases.append(
                        Decrease(zxid: commit.zxid, time: commit.time, job: job, item: item, before: old, after: new))
                }
            }
        }
    }

    /// The recorded changes, in commit order.
    var changes: [Change] { state.withLock { $0.changes } }

    /// Every write that lowered an item's `last`.
    var decreases: [Decrease] { state.withLock { $0.decreases } }

    /// How many transactions the twin committed.
    var transactions: Int { state.withLock { $0.transactions } }

    /// The item of a `sharding/{item}` node, nil for any other node.
    static func item(of node: String) -> Int? {
        guard node.hasPrefix("sharding/") else { return nil }
        return Int(node.dropFirst("sharding/".count))
    }

    private static func isRecorded(_ node: String) -> Bool {
        if node == "config" || node.hasPrefix("servers/") || node.hasPrefix("trigger/") || node.hasPrefix("instances/") {
            return true
        }
        guard node.hasPrefix("sharding/") else { return false }
        let parts = node.split(separator: "/")
        return parts.count == 2 || (parts.count == 3 && (parts[2] == "instance" || parts[2] == "disabled"))
    }
}

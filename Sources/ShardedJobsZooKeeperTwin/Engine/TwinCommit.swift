@_spi(Simulation) import ShardedJobsZooKeeper

/// A transaction the leader committed, as an observer of the twin sees it: which nodes it
/// changed, with their data before and after.
///
/// The simulator checks invariants on it after every transaction (DESIGN 12.5: `last` never
/// decreases) and reads the history of nodes from it.
@_spi(Simulation)
public struct TwinCommit: Sendable {
    /// One node the transaction created, changed or deleted.
    public struct Change: Sendable, Hashable {
        /// The node's absolute path (with the namespace).
        public let path: String
        /// Its data before the transaction; nil when it did not exist.
        public let before: [UInt8]?
        /// Its data after the transaction; nil when it no longer exists.
        public let after: [UInt8]?
    }

    /// The transaction's zxid.
    public let zxid: Int64
    /// The leader's wall time of the commit, in epoch milliseconds (the nodes' mtime).
    public let time: Int64
    /// The nodes it changed, in path order (a sequential create is not reported; a failed
    /// write changes nothing).
    public let changes: [Change]
    /// The session whose request it was (or which was created or closed).
    public let session: Int64
}

extension TwinState {
    /// The nodes a write may change (a sequential create's name is not known before it).
    static func touchedPaths(_ request: ZooKeeperTransportRequest) -> [String] {
        switch request {
        case .create(let path, _, let mode): mode.isSequential ? [] : [path]
        case .delete(let path, _), .setData(let path, _, _): [path]
        case .multi(let operations):
            operations.flatMap { operation -> [String] in
                switch operation {
                case .create(let path, _, let mode): mode.isSequential ? [] : [path]
                case .delete(let path, _), .setData(let path, _, _): [path]
                case .check: []
                }
            }
        case .exists, .getData, .getChildren, .sync: []
        }
    }

    /// The paths and data a transaction is about to change, read before it is applied.
    func beforeCommit(_ kind: TwinTransaction.Kind) -> [(String, [UInt8]?)] {
        guard commitObserver != nil else { return [] }
        let paths: [String]
        switch kind {
        case .createSession: paths = []
        case .closeSession(let session):
            paths = committed.ephemeralPaths(of: session)
        case .request(let request, _):
            paths = Array(Set(Self.touchedPaths(request))).sorted()
        }
        return paths.map { ($0, committed.node($0)?.data) }
    }

    /// Tells the observer what an applied transaction changed.
    func afterCommit(_ transaction: TwinTransaction, before: [(String, [UInt8]?)]) {
        guard let commitObserver else { return }
        let changes = before.compactMap { path, old -> TwinCommit.Change? in
            let new = committed.node(path)?.data
            let existed = old != nil
            let exists = committed.node(path) != nil
            guard existed != exists || old != new || (exists && committed.node(path)?.mzxid == transaction.zxid) else {
                return nil
            }
            return TwinCommit.Change(path: path, before: old, after: exists ? new : nil)
        }
        guard !changes.isEmpty else { return }
        let session =
            switch transaction.kind {
            case .createSession(let id), .closeSession(let id), .request(_, session: let id): id
            }
        commitObserver(TwinCommit(zxid: transaction.zxid, time: transaction.time, changes: changes, session: session))
    }
}

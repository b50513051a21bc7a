import ShardedJobs
import ShardedJobsZooKeeper

/// A disable or an enable (servers' states, an item's `disabled` mark) with the gap records it
/// implies (DESIGN 12.5), built from one read of the job's state and written in one multi-op.
///
/// An item can run while it is not disabled and the job has an enabled server. Where the
/// change stops an item from running, its gap record gets an `owedUpTo`; where it lets it run
/// again, a `resumeAt`; either is written as ``ItemGap/transactionTime``, so the instant is the
/// multi's own (ZooKeeper's clock). Every record and server state the decision read is checked
/// at its version, so a concurrent change fails the multi and the caller reads again. Whether
/// the item's owner is alive plays no part: a new owner finds the record complete.
struct EnablementWrite {
    /// One server node as read.
    struct Server {
        var state: String
        var version: Int32
    }

    /// One item as read: its `disabled` mark and its gap record.
    struct Item {
        var disabled: Bool
        /// The record's data with the transaction-time field resolved, and its version; nil
        /// when the node does not exist.
        var gap: (record: ItemGap?, version: Int32)?
    }

    let paths: JobNodePath
    let path: (String) -> String
    var servers: [String: Server]
    var items: [Int: Item]

    /// The operations for these new server states and items' `disabled` marks; empty when
    /// nothing changes.
    func operations(servers newStates: [String: String], disabled newMarks: [Int: Bool]) -> [ZooKeeperOperation] {
        var operations: [ZooKeeperOperation] = []
        for (ip, server) in servers.sorted(by: { $0.key < $1.key }) {
            if let state = newStates[ip] {
                operations.append(.setData(path: path(paths.server(ip)), data: Array(state.utf8), version: server.version))
            } else {
                operations.append(.check(path: path(paths.server(ip)), version: server.version))
            }
        }
        var marksChanged = false
        for (item, disabled) in newMarks.sorted(by: { $0.key < $1.key }) where items[item]?.disabled != disabled {
            marksChanged = true
            operations.append(disabled ? .create(path: path(paths.itemDisabled(item))) : .delete(path: path(paths.itemDisabled(item))))
        }
        guard !newStates.isEmpty || marksChanged else { return [] }
        let before = Self.hasEnabledServer(servers.mapValues(\.state))
        let after = Self.hasEnabledServer(servers.mapValues(\.state).merging(newStates) { _, new in new })
        for (item, state) in items.sorted(by: { $0.key < $1.key }) {
            let couldRun = before && !state.disabled
            let canRun = after && !(newMarks[item] ?? state.disabled)
            operations += gapOperations(item: item, state.gap, couldRun: couldRun, canRun: canRun)
        }
        return operations
    }

    private func gapOperations(item: Int, _ gap: (record: ItemGap?, version: Int32)?, couldRun: Bool, canRun: Bool) -> [ZooKeeperOperation] {
        let node = path(paths.itemGap(item))
        let stamp = ItemGap.transactionTime
        guard let gap else {
            return couldRun && !canRun ? [.create(path: node, data: Array(stamp.utf8))] : []
        }
        let open = gap.record?.isOpen ?? false
        if couldRun, !canRun, !open {
            let data = gap.record.map { $0.description + " " + stamp } ?? stamp
            return [.setData(path: node, data: Array(data.utf8), version: gap.version)]
        }
        if !couldRun, canRun, open, let record = gap.record {
            return [.setData(path: node, data: Array((record.description + " " + stamp).utf8), version: gap.version)]
        }
        return [.check(path: node, version: gap.version)]
    }

    /// Whether any server is enabled: anything but `DISABLED` counts, as in ElasticJob.
    static func hasEnabledServer(_ states: [String: String]) -> Bool {
        states.values.contains { $0 != "DISABLED" }
    }
}

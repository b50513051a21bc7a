import ShardedJobsZooKeeper

/// A disable or an enable (servers' states, an item's `disabled` mark) with the gap records it
/// implies (DESIGN 12.5), built from one read of the job's state and written in one multi-op.
///
/// An item can run while it is not disabled, the job has an enabled server and its owner's
/// server (when it has an owner) is enabled. Where the change stops an item from running, its
/// gap record gets an `owedUpTo`; where it lets it run again, a `resumeAt`; either is written
/// as ``ItemGap/transactionTime``, so the instant is the multi's own (ZooKeeper's clock). Every
/// record and server state the decision read is checked at its version, and the assignment at
/// its epoch, so a concurrent change fails the multi and the caller reads again. Whether the
/// item's owner is alive plays no part: a new owner finds the record complete (simulator seed
/// 2000099: an owner shut down while its own server was disabled never wrote the enable).
package struct EnablementWrite: Sendable {
    /// One server node as read.
    package struct Server: Sendable {
        package var state: String
        package var version: Int32
    }

    /// One item as read: its `disabled` mark and its gap record.
    package struct Item: Sendable {
        package var disabled: Bool
        /// The record's data with the transaction-time field resolved, and its version; nil
        /// when the node does not exist.
        package var gap: (record: ItemGap?, version: Int32)?
    }

    package let paths: JobNodePath
    package let path: @Sendable (String) -> String
    package var servers: [String: Server]
    package var items: [Int: Item]
    /// Item → its owner's server (from `sharding/{item}/instance`), for items with an owner.
    package var owners: [Int: String] = [:]
    /// The assignment's epoch (the data version of `/{job}/sharding`), when it exists.
    package var epoch: Int32? = nil
    /// The pause note (`/{job}/pause`) and its version, when there is one.
    package var pause: (note: String, version: Int32)? = nil

    /// The operations for these new server states, items' `disabled` marks and pause note;
    /// empty when nothing changes. A note someone else created in the meantime fails the
    /// multi-op (`nodeExists`); ``write(client:paths:path:attempts:_:)`` then reads it.
    package func operations(
        servers newStates: [String: String], disabled newMarks: [Int: Bool], pause change: PauseChange? = nil
    ) -> [ZooKeeperOperation] {
        let pauseOperation = pauseOperation(change)
        var operations: [ZooKeeperOperation] = pauseOperation.map { [$0] } ?? []
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
        guard !newStates.isEmpty || marksChanged || pauseOperation != nil else { return [] }
        let statesBefore = servers.mapValues(\.state)
        let statesAfter = statesBefore.merging(newStates) { _, new in new }
        let before = Self.hasEnabledServer(statesBefore)
        let after = Self.hasEnabledServer(statesAfter)
        for (item, state) in items.sorted(by: { $0.key < $1.key }) {
            let owner = owners[item]
            let couldRun = before && !state.disabled && Self.isEnabled(owner, in: statesBefore)
            let canRun = after && !(newMarks[item] ?? state.disabled) && Self.isEnabled(owner, in: statesAfter)
            operations += gapOperations(item: item, state.gap, couldRun: couldRun, canRun: canRun)
        }
        if let epoch { operations.append(.check(path: path(paths.sharding), version: epoch)) }
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

    /// Whether an owner's server is enabled (an item without an owner waits for one on an
    /// enabled server).
    package static func isEnabled(_ owner: String?, in states: [String: String]) -> Bool {
        guard let owner else { return true }
        return states[owner] != "DISABLED"
    }

    /// Whether any server is enabled: anything but `DISABLED` counts, as in ElasticJob.
    package static func hasEnabledServer(_ states: [String: String]) -> Bool {
        states.values.contains { $0 != "DISABLED" }
    }
}

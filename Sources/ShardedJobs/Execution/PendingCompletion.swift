import ShardedJobsZooKeeper

/// The record of an item's completion that could not be written when the item completed
/// (the connection was down, or the lease ran out right after the commit).
///
/// The item's work is done, so the completion stays true on any later session: the runtime
/// writes it as soon as it has a session again — on reconnection, or on a new session before
/// it re-creates its instance node (while its old marks still look alive to the others). The
/// write is the same multi-op as the clear, with the same versioned `setData` of
/// `sharding/{item}`: if a failover claimer took the item meanwhile, the version moved and the
/// record is dropped (the claimer's run stands; this is the commit window of DESIGN section 10).
struct PendingCompletion: Sendable {
    /// The item.
    let item: Int
    /// The value written to `sharding/{item}` (`last`).
    let last: Int64
    /// The clear's operations: the versioned `setData`, the `running` delete, the cleanups.
    let operations: [ZooKeeperOperation]

    /// Writes the record; returns the item's new progress, nil when the record was dropped.
    /// Throws the client's error when it could not be decided (try again later).
    func write(with client: ZooKeeperClient) async throws -> ItemProgress? {
        do {
            let results = try await client.multi(operations)
            guard let stat = results.first?.stat else { return nil }
            return ItemProgress(last: last, version: stat.version)
        } catch let error as ZooKeeperError where [.badVersion, .noNode].contains(error.code) {
            return nil
        }
    }
}

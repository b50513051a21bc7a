import ShardedJobsZooKeeper

extension ViewReader {
    /// The job's backfills (DESIGN 12.6): the children of `/{job}/backfill` watched — or, while
    /// it does not exist, its creation — each with its data and version, read at once. A child
    /// that vanished meanwhile or does not parse is skipped (no worker runs it; `shardctl
    /// pending` lists it as unreadable).
    func backfills() async throws -> [KnownBackfill] {
        let names = try await watchedChildren(paths.backfills, as: .backfills)
        let client = self.client
        let paths = self.paths
        let found = try await concurrently(names.sorted()) { name -> KnownBackfill? in
            guard let data = try await client.optionalData(paths.backfill(name)),
                let record = BackfillRecord(id: name, data: data.string)
            else { return nil }
            return KnownBackfill(record: record, version: data.stat.version)
        }
        return found.compactMap { $0 }
    }

    /// The instances being drained (DESIGN 12.8): the children of `/{job}/drain` watched — or,
    /// while it does not exist, its creation. A child that is not an instance id is ignored.
    func drains() async throws -> Set<JobInstanceID> {
        Set(try await watchedChildren(paths.drains, as: .drains).compactMap { JobInstanceID($0) })
    }

    /// The children of `path` with their watch armed as `watch`; none, with a watch on its
    /// creation, while the node does not exist (nothing is written to read it).
    func watchedChildren(_ path: String, as kind: JobWatch) async throws -> [String] {
        while true {
            do {
                let (children, watch) = try await client.watchChildren(path)
                watches.arm(watch, as: kind)
                return children.names
            } catch let error as ZooKeeperError where error.code == .noNode {
                let (stat, watch) = try await client.watchExistence(path)
                guard stat != nil else {
                    watches.arm(watch, as: kind)
                    return []
                }
                // Created between the two reads: its children's watch is armed on the next turn.
            }
        }
    }

    /// The progress nodes of items in a backfill, read at once: each item's latest fire done
    /// and the node's version (both nil when it has none).
    func backfillProgress(id: String, items: [Int]) async throws -> [Int: BackfillItemProgress] {
        let client = self.client
        let paths = self.paths
        let read = try await concurrently(items) { item in
            let data = try await client.optionalData(paths.backfillProgress(id, item: item))
            return (item, BackfillItemProgress(done: data.flatMap { Int64($0.string) }, version: data?.stat.version))
        }
        return Dictionary(read, uniquingKeysWith: { first, _ in first })
    }
}

import ShardedJobsZooKeeper

extension ViewReader {
    /// The job's backfills (DESIGN 12.6): the children of `/{job}/backfill` watched — or, while
    /// it does not exist, its creation — each with its data and version. A child that vanished
    /// meanwhile or does not parse is skipped (a hand-written one is logged by its claims never
    /// starting).
    func backfills() async throws -> [KnownBackfill] {
        let names: [String]
        do {
            let (children, watch) = try await client.watchChildren(paths.backfills)
            watches.arm(watch, as: .backfills)
            names = children.names
        } catch let error as ZooKeeperError where error.code == .noNode {
            let (stat, watch) = try await client.watchExistence(paths.backfills)
            watches.arm(watch, as: .backfills)
            // Created between the two reads: its children come with the watch's event.
            _ = stat
            return []
        }
        var found: [KnownBackfill] = []
        for name in names.sorted() {
            do {
                let data = try await client.getData(paths.backfill(name))
                guard let record = BackfillRecord(id: name, data: data.string) else { continue }
                found.append(KnownBackfill(record: record, version: data.stat.version))
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue
            }
        }
        return found
    }

    /// The progress nodes of items in a backfill: each item's latest fire done and the node's
    /// version (both nil when it has none).
    func backfillProgress(id: String, items: [Int]) async throws -> [Int: BackfillItemProgress] {
        var read: [Int: BackfillItemProgress] = [:]
        for item in items {
            do {
                let data = try await client.getData(paths.backfillProgress(id, item: item))
                read[item] = BackfillItemProgress(done: Int64(data.string), version: data.stat.version)
            } catch let error as ZooKeeperError where error.code == .noNode {
                read[item] = BackfillItemProgress(done: nil, version: nil)
            }
        }
        return read
    }
}

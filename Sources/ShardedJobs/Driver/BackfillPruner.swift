import Logging
import ShardedJobsZooKeeper

/// Removes the backfills that have nothing left to start (DESIGN 12.6), run by the leader at
/// its reconcile: a cancelled one, and an active one whose every item below the count has
/// completed the range's last fire. Each goes with its progress nodes, children first; a delete
/// that meets a change (a claim creating a progress node meanwhile) leaves the rest for the next
/// reconcile. A completion that finds its backfill gone is still recorded (`ClearWriter`), and
/// a failover claim of its mark completes it without a run (`FailoverClaimer`).
struct BackfillPruner: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let configuration: JobConfiguration
    let logger: Logger

    func prune() async throws {
        let names: [String]
        do {
            names = try await client.getChildren(paths.backfills).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
        for name in names.sorted() {
            guard let data = try await client.optionalData(paths.backfill(name)),
                let record = BackfillRecord(id: name, data: data.string)
            else { continue }
            guard try await isFinished(record) else { continue }
            try await remove(record, version: data.stat.version)
        }
    }

    /// Whether nothing of the backfill is left to start (its items' progress read at once).
    private func isFinished(_ record: BackfillRecord) async throws -> Bool {
        guard record.state == .active else { return true }
        let client = self.client
        let paths = self.paths
        let done = try await concurrently(Array(0..<configuration.shardingTotalCount)) { item in
            try await client.optionalData(paths.backfillProgress(record.id, item: item)).flatMap { Int64($0.string) }
        }
        return done.allSatisfy { record.nextFire(of: configuration, after: $0) == nil }
    }

    /// Deletes the backfill's progress nodes, then the node itself at the version read.
    private func remove(_ record: BackfillRecord, version: Int32) async throws {
        let node = paths.backfill(record.id)
        do {
            for child in try await client.getChildren(node).names {
                try await client.delete(node + "/" + child)
            }
            try await client.delete(node, version: version)
            logger.info("backfill \(record.id) \(record.state == .active ? "finished" : "cancelled"): removed")
        } catch let error as ZooKeeperError where [.noNode, .notEmpty, .badVersion].contains(error.code) {
            logger.debug("backfill \(record.id) changed while it was being removed: \(error)")
        }
    }
}

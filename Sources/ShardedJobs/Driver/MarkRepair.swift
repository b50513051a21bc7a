import Logging
import ShardedJobsZooKeeper

/// Repairs `running` marks whose execution is not alive, and stale failover bookkeeping
/// (DESIGN section 6 point 6).
///
/// Marks are repaired when an instance node disappears, when a leader is elected, at reconcile,
/// and when an instance registers on a new session (its own marks of the old session are then
/// orphaned by definition): with `failover`, an orphaned mark is queued under
/// `leader/failover/items`; without it, it is deleted (the owner then completes the item as
/// `MISFIRE`, point 6b).
struct MarkRepair: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let logger: Logger

    private var reader: RunningMarkReader { RunningMarkReader(client: client, paths: paths) }

    func repairRunningMarks(_ configuration: JobConfiguration, reason: String) async {
        guard configuration.monitorExecution else { return }
        do {
            let marks = try await reader.read(items: 0..<configuration.shardingTotalCount)
            var liveness: [String: Bool] = [:]
            for (item, read) in marks.sorted(by: { $0.key < $1.key }) {
                let key = read.mark.map { "\($0.instance) \($0.sessionID ?? 0)" } ?? "?\(read.stat.ephemeralOwner)"
                let live: Bool
                if let known = liveness[key] {
                    live = known
                } else {
                    live = try await reader.isLive(read)
                    liveness[key] = live
                }
                guard !live else { continue }
                if configuration.failover {
                    try await enqueue(item, read: read, reason: reason)
                } else if try await releaseOrphan(item) {
                    logger.info("removed item \(item)'s orphaned running mark (\(reason))")
                }
            }
        } catch {
            logger.warning("repairing running marks (\(reason)) failed: \(error)")
        }
    }

    /// Deletes an item's `running` mark if it is still orphaned; returns whether it did.
    ///
    /// The item is read before the mark and the delete checks the item's version, as a
    /// failover claim does (`FailoverClaimer`): a mark read from a member that lags behind may
    /// be an older fire's, and a newer, live mark has the same version 0.
    private func releaseOrphan(_ item: Int) async throws -> Bool {
        guard let itemStat = try await client.exists(paths.item(item)),
            let read = try await reader.read(item: item), try await !reader.isLive(read)
        else { return false }
        do {
            _ = try await client.multi([
                .check(path: paths.item(item), version: itemStat.version),
                .delete(path: paths.itemRunning(item), version: read.stat.version),
            ])
            return true
        } catch let error as ZooKeeperError where error.failedOperationIndex != nil {
            return false
        }
    }

    /// Queues an orphaned item for failover (idempotent).
    private func enqueue(_ item: Int, read: RunningMarkReader.Read, reason: String) async throws {
        let data = Array((read.mark?.description ?? "").utf8)
        do {
            try await client.create(paths.failoverItem(item), data: data)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.ensure(paths.failoverItems)
            do {
                try await client.create(paths.failoverItem(item), data: data)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                return
            }
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        }
        logger.info(
            "failover: queued item \(item), orphaned by \(read.mark?.instance.description ?? "an unknown instance") (\(reason))")
    }

    /// The leader's repair of failover bookkeeping (at election and at reconcile): queue
    /// entries that no one can or needs to claim (beyond the item count, failover turned off,
    /// no `running` mark, or a live one) are removed, and `failover` / `failovering` nodes of
    /// items without a `running` mark are deleted (ElasticJob can block an item forever with
    /// them, its issues #2429 and #49).
    func repairFailoverNodes(_ configuration: JobConfiguration) async {
        let count = configuration.shardingTotalCount
        do {
            let queued: [String]
            do {
                queued = try await client.getChildren(paths.failoverItems).names
            } catch let error as ZooKeeperError where error.code == .noNode {
                queued = []
            }
            for name in queued.sorted() {
                guard configuration.failover, let item = Int(name), item < count,
                    let read = try await reader.read(item: item), try await !reader.isLive(read)
                else {
                    try await deleteIfPresent(paths.failoverItems + "/" + name)
                    logger.info("repair: removed failover queue entry \(name), which no one needs to claim")
                    continue
                }
            }
            let marks = try await reader.read(items: 0..<count)
            for item in 0..<count where marks[item] == nil {
                for path in [paths.itemFailover(item), paths.itemFailovering(item)] {
                    guard try await client.exists(path) != nil else { continue }
                    try await deleteIfPresent(path)
                    logger.info("repair: removed \(path), left without a running execution")
                }
            }
        } catch {
            logger.warning("repairing failover nodes failed: \(error)")
        }
    }

    private func deleteIfPresent(_ path: String) async throws {
        do {
            try await client.delete(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
    }
}

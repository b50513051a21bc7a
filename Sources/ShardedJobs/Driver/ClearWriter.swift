import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// Writes completion records (`ClearRecord`) and releases marks of items that will not run.
///
/// A record is written in one multi-op: the versioned `setData` of `sharding/{item}` to `last`,
/// the delete of its `running` mark and, after a failover claim, of its failover nodes. It is
/// retried on connection problems while the claim's session holds its lease; after that it is
/// kept for the next session.
struct ClearWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let clock: any SchedulerClock
    let logger: Logger
    /// The waits between attempts.
    var retryPolicy = ExponentialBackoffRetry(base: .milliseconds(100), cap: .seconds(2), maxAttempts: 4)

    /// Writes a record, retrying connection problems while the claim's session holds its lease.
    func clear(_ record: ClearRecord) async -> ClearReply {
        var failed = 0
        while client.isLeaseValid(forSession: record.sessionID) {
            do {
                return try await write(record)
            } catch let error as ZooKeeperError where error.code.isRetryable {
                failed += 1
                guard let delay = retryPolicy.delay(afterFailedAttempts: failed) else { break }
                do { try await clock.sleep(for: delay) } catch { break }
            } catch {
                break
            }
        }
        return .pending
    }

    /// Writes records kept from an earlier session, once each; those that still cannot be
    /// decided (no connection) come back `.pending`.
    func flush(_ records: [ClearRecord]) async -> [CompletionFlush] {
        var results: [CompletionFlush] = []
        for record in records {
            let reply: ClearReply
            do {
                reply = try await write(record)
            } catch {
                reply = .pending
            }
            switch reply {
            case .recorded: logger.info("recorded the completion of item \(record.item) at \(record.last) late")
            case .dropped:
                logger.warning("item \(record.item) was claimed by failover before its completion at \(record.last) could be recorded")
            case .pending: break
            }
            results.append(CompletionFlush(record: record, reply: reply))
        }
        return results
    }

    /// One write: recorded, or dropped when the item changed; throws the client's error
    /// when it could not be decided.
    private func write(_ record: ClearRecord) async throws -> ClearReply {
        var operations: [ZooKeeperOperation] = [
            .setData(path: paths.item(record.item), data: Array(String(record.last).utf8), version: record.version),
            .delete(path: paths.itemRunning(record.item)),
        ]
        if record.failoverMarks {
            operations += [.delete(path: paths.itemFailover(record.item)), .delete(path: paths.itemFailovering(record.item))]
        }
        do {
            let results = try await client.multi(operations)
            guard let stat = results.first?.stat else { return .dropped }
            return .recorded(version: stat.version)
        } catch let error as ZooKeeperError where [.badVersion, .noNode].contains(error.code) && error.failedOperationIndex != nil {
            return .dropped
        }
    }

    /// Deletes the marks of claimed items that will not run, while the claim's session holds
    /// its lease: each delete checks the item's version, so a mark that someone else has
    /// replaced meanwhile (with a rewrite of the item) is left alone.
    func release(_ items: [ClaimedItem], sessionID: Int64) async {
        for claim in items {
            guard client.isLeaseValid(forSession: sessionID), let version = claim.version else { return }
            do {
                _ = try await client.multi([
                    .check(path: paths.item(claim.item), version: version),
                    .delete(path: paths.itemRunning(claim.item)),
                ])
            } catch {
                logger.debug("item \(claim.item)'s mark was not released: \(error)")
            }
        }
    }
}

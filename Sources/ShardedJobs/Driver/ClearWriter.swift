import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// Writes completion records (`ClearRecord`) and releases marks of items that will not run.
///
/// A record is written in one multi-op: the versioned `setData` of `sharding/{item}` to `last`,
/// for a backfill's fire the versioned `setData` of the item's progress node in it, the delete of its `running` mark and, after a failover claim, of its failover nodes; with
/// `pauseAfterConsecutiveFailures`, the item's run of failed fires (`sharding/{item}/failures`,
/// versioned: one more after a failure, deleted after a success). It is
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
    ///
    /// The versioned `setData` of the item decides: every write that creates or replaces a
    /// mark rewrites the item too (DESIGN 12.5). A mark or failover node already gone — an
    /// ephemeral of the claim's session, which ended before the record could be written — is
    /// no change of the item: the record is written without deleting it.
    private func write(_ record: ClearRecord) async throws -> ClearReply {
        // The item's write, then a backfill's progress (versioned: a failover claim that took
        // the item over writes it in turn), then the deletions, then the failure count.
        var head: [ZooKeeperOperation] =
            [.setData(path: paths.item(record.item), data: Array(String(record.last).utf8), version: record.version)]
        if let backfill = record.backfill {
            head.append(
                .setData(
                    path: paths.backfillProgress(backfill.id, item: record.item), data: Array(String(backfill.fire).utf8),
                    version: backfill.version))
        }
        var deletions = [paths.itemRunning(record.item)]
        if record.failoverMarks { deletions += [paths.itemFailover(record.item), paths.itemFailovering(record.item)] }
        var tally = try await failureTally(record)
        while true {
            let operations = head + deletions.map { .delete(path: $0) } + (tally?.operation.map { [$0] } ?? [])
            do {
                let results = try await client.multi(operations)
                guard let stat = results.first?.stat else { return .dropped }
                return .recorded(version: stat.version, failures: tally?.count)
            } catch let error as ZooKeeperError where error.failedOperationIndex != nil {
                let index = error.failedOperationIndex ?? 0
                if index == head.count + deletions.count, tally != nil {
                    // The count changed meanwhile (a clear of the item by another instance).
                    tally = try await failureTally(record)
                    continue
                }
                if error.code == .noNode, index == 1, record.backfill != nil {
                    // The backfill was removed (cancelled) meanwhile: nothing records its progress.
                    head.removeLast()
                    continue
                }
                if error.code == .noNode, index >= head.count, index < head.count + deletions.count {
                    deletions.remove(at: index - head.count)
                    continue
                }
                guard [.badVersion, .noNode].contains(error.code) else { throw error }
                return .dropped
            }
        }
    }

    /// The item's run of failed fires after this completion, and the write that records it
    /// (none for a success when there is no count); nil when the record does not count.
    private func failureTally(_ record: ClearRecord) async throws -> (count: Int, operation: ZooKeeperOperation?)? {
        guard let change = record.failures else { return nil }
        let path = paths.itemFailures(record.item)
        let current: NodeData?
        do {
            current = try await client.getData(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            current = nil
        }
        switch (change, current) {
        case (.reset, nil):
            return (0, nil)
        case (.reset, let data?):
            return (0, .delete(path: path, version: data.stat.version))
        case (.add, nil):
            return (1, .create(path: path, data: Array("1".utf8)))
        case (.add, let data?):
            let count = (Int(data.string) ?? 0) + 1
            return (count, .setData(path: path, data: Array(String(count).utf8), version: data.stat.version))
        }
    }

    /// Deletes the marks of claimed items that did not or will not complete, while the claim's
    /// session holds its lease: each delete checks the item's version, so a mark that someone
    /// else has replaced meanwhile (with a rewrite of the item) is left alone. Returns the items
    /// done with — released, or no longer ours to release; the others must wait for the lease.
    func release(_ items: [ClaimedItem], sessionID: Int64) async -> [Int] {
        var done: [Int] = []
        for claim in items {
            guard let version = claim.version else {
                done.append(claim.item)
                continue
            }
            guard client.isLeaseValid(forSession: sessionID) else { continue }
            do {
                _ = try await client.multi([
                    .check(path: paths.item(claim.item), version: version),
                    .delete(path: paths.itemRunning(claim.item)),
                ])
                done.append(claim.item)
            } catch let error as ZooKeeperError where error.failedOperationIndex != nil {
                // The item or its mark changed meanwhile: nothing of ours is left to release.
                done.append(claim.item)
            } catch {
                logger.debug("item \(claim.item)'s mark was not released: \(error)")
            }
        }
        return done
    }
}

import ShardedJobsZooKeeper

/// Reads back a claim multi-op whose reply was lost (the connection broke, the session was
/// closing): it may have been applied, and then its marks name our live session while nothing
/// runs them — the item's later fires find it "already running", every resharding waits for
/// it. Used by the fire's claim (`ClaimWriter`), a backfill's (`BackfillClaimWriter`) and the
/// failover claim (`FailoverClaimer`), whose drop of an execution older than the catch-up
/// window reads back its item write too (`wasWritten(item:bytes:version:sessionID:)`).
///
/// While the claim's session holds its lease: after a `sync` (a member behind the lost multi
/// must not answer), our mark on the first item means the multi was applied — it is all or
/// nothing — and every item is claimed at its current version and zxid (nobody else writes an
/// item while our mark is on it).
struct ClaimReadBack: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let clock: any SchedulerClock
    /// The waits between attempts to read back.
    var retryPolicy = ExponentialBackoffRetry(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 8)

    /// The claimed versions of `items` when `mark` is on `first`'s `running` node; nil when the
    /// multi was not applied, or when that cannot be told (the lease ran out: the marks then go
    /// with the session or to failover).
    func claimedVersions(mark: [UInt8], on first: Int, items: [Int], sessionID: Int64) async -> [Int: ClaimedVersion]? {
        await readingBack(after: paths.itemRunning(first), sessionID: sessionID) {
            let running = try await client.getData(paths.itemRunning(first))
            guard running.bytes == mark else { return nil }
            var versions: [Int: ClaimedVersion] = [:]
            for item in items {
                guard let stat = try await client.exists(paths.item(item)) else { return nil }
                versions[item] = ClaimedVersion(version: stat.version, zxid: stat.mzxid)
            }
            return versions
        } ?? nil
    }

    /// Whether a versioned write of `item` whose reply was lost was applied: the item holds
    /// `bytes` at exactly `version` (the one the write gave it; another writer's would leave
    /// other bytes or a later version). False when it was not, or when that cannot be told.
    func wasWritten(item: Int, bytes: [UInt8], version: Int32, sessionID: Int64) async -> Bool {
        await readingBack(after: paths.item(item), sessionID: sessionID) {
            let data = try await client.getData(paths.item(item))
            return data.bytes == bytes && data.stat.version == version
        } ?? false
    }

    /// Runs `read` after a `sync` of `path`, retrying connection problems while the session
    /// holds its lease; nil when it cannot be told (the lease ran out, the node is gone).
    private func readingBack<Value: Sendable>(
        after path: String, sessionID: Int64, _ read: () async throws -> Value
    ) async -> Value? {
        var failed = 0
        while client.isLeaseValid(forSession: sessionID) {
            do {
                try await client.sync(path)
                return try await read()
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            } catch let error as ZooKeeperError where error.code.isRetryable {
                failed += 1
                guard let delay = retryPolicy.delay(afterFailedAttempts: failed) else { return nil }
                do { try await clock.sleep(for: delay) } catch { return nil }
            } catch {
                return nil
            }
        }
        return nil
    }
}

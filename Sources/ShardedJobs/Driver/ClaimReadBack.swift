import ShardedJobsZooKeeper

/// Reads back a claim multi-op whose reply was lost (the connection broke, the session was
/// closing): it may have been applied, and then its marks name our live session while nothing
/// runs them — the item's later fires find it "already running", every resharding waits for
/// it. Used by the fire's claim (`ClaimWriter`), a backfill's (`BackfillClaimWriter`) and the
/// failover claim (`FailoverClaimer`).
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
        var failed = 0
        while client.isLeaseValid(forSession: sessionID) {
            do {
                try await client.sync(paths.itemRunning(first))
                let running = try await client.getData(paths.itemRunning(first))
                guard running.bytes == mark else { return nil }
                var versions: [Int: ClaimedVersion] = [:]
                for item in items {
                    guard let stat = try await client.exists(paths.item(item)) else { return nil }
                    versions[item] = ClaimedVersion(version: stat.version, zxid: stat.mzxid)
                }
                return versions
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

import ShardedJobsZooKeeper

/// Writes a fire's claim (DESIGN section 6 point 5): one multi-op of the epoch check, and per
/// item a versioned same-value `setData` of `sharding/{item}` and the create of its `running`
/// mark. An instance acting on an outdated assignment, or on an item someone else has just
/// completed or claimed, cannot start it; the multi's zxid is each item's fencing token.
///
/// A multi whose reply is lost (the connection broke, the session was closing) may have been
/// applied: its marks would then stay, naming a live session, and nothing would ever release
/// them (the item's later fires find it "already running", a resharding waits for it). So the
/// outcome is read back before the claim answers (`resolve`).
struct ClaimWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let clock: any SchedulerClock
    /// The waits between attempts to read back a claim whose reply was lost.
    var retryPolicy = ExponentialBackoffRetry(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 8)

    func claim(_ request: ClaimRequest) async -> ClaimReply {
        // A claim of a session that is gone (a fire dispatched as a frozen process thawed) would
        // otherwise go out on the client's next session, for a fire this instance never checked
        // against what happened meanwhile (a disable): its marks would be failed over later.
        guard client.isLeaseValid(forSession: request.sessionID) else {
            return .failed(attempt: request.attempt, reason: "the claim's session can no longer be proven alive")
        }
        var operations: [ZooKeeperOperation] = [.check(path: paths.sharding, version: request.epoch)]
        for candidate in request.items {
            operations.append(
                .setData(
                    path: paths.item(candidate.item), data: Array(String(candidate.progress.last).utf8),
                    version: InjectedBug.claimWithoutItemVersion.isActive ? -1 : candidate.progress.version))
            operations.append(
                .create(
                    path: paths.itemRunning(candidate.item), data: request.mark(instance: instance, for: candidate).bytes,
                    mode: request.persistentMarks ? .persistent : .ephemeral))
        }
        do {
            let results = try await client.multi(operations)
            var versions: [Int: ClaimedVersion] = [:]
            for (index, candidate) in request.items.enumerated() {
                guard let stat = results[1 + 2 * index].stat else { continue }
                versions[candidate.item] = ClaimedVersion(version: stat.version, zxid: stat.mzxid)
            }
            return .claimed(attempt: request.attempt, versions)
        } catch let error as ZooKeeperError {
            if error.failedOperationIndex == nil, error.code.isRetryable, let reply = await resolve(request) {
                return reply
            }
            guard let index = error.failedOperationIndex, [.badVersion, .noNode, .nodeExists].contains(error.code) else {
                return .failed(attempt: request.attempt, reason: "\(error)")
            }
            if index == 0 { return .epochChanged(attempt: request.attempt) }
            let item = request.items[(index - 1) / 2].item
            if error.code == .nodeExists { return .alreadyRunning(attempt: request.attempt, item: item) }
            return .itemChanged(attempt: request.attempt, item: item)
        } catch {
            return .failed(attempt: request.attempt, reason: "\(error)")
        }
    }

    /// Reads back a claim whose reply was lost, while its session holds its lease: after a
    /// `sync` (a member behind the lost multi must not answer), our mark on the first item
    /// means the multi was applied — it is all or nothing — and every item is claimed at its
    /// current version and zxid (nobody else writes an item while our mark is on it). Nil when
    /// it was not applied, or when it cannot be told (the lease ran out: the marks then go with
    /// the session or to failover).
    private func resolve(_ request: ClaimRequest) async -> ClaimReply? {
        guard let first = request.items.first else { return nil }
        let mark = request.mark(instance: instance, for: first)
        var failed = 0
        while client.isLeaseValid(forSession: request.sessionID) {
            do {
                try await client.sync(paths.itemRunning(first.item))
                let running = try await client.getData(paths.itemRunning(first.item))
                guard running.bytes == mark.bytes else { return nil }
                var versions: [Int: ClaimedVersion] = [:]
                for candidate in request.items {
                    guard let stat = try await client.exists(paths.item(candidate.item)) else { return nil }
                    versions[candidate.item] = ClaimedVersion(version: stat.version, zxid: stat.mzxid)
                }
                return .claimed(attempt: request.attempt, versions)
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

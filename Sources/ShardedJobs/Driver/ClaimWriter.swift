import ShardedJobsZooKeeper

/// Writes a fire's claim (DESIGN section 6 point 5): one multi-op of the epoch check, the check
/// of the configuration's version, and per item a versioned same-value `setData` of
/// `sharding/{item}` and the create of its `running` mark. An instance acting on an outdated
/// assignment or schedule, or on an item someone else has just completed or claimed, cannot
/// start it; the multi's zxid is each item's fencing token.
///
/// A multi whose reply is lost may have been applied: its outcome is read back before the
/// claim answers (`ClaimReadBack`).
struct ClaimWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let clock: any SchedulerClock

    func claim(_ request: ClaimRequest) async -> ClaimReply {
        // A claim of a session that is gone (a fire dispatched as a frozen process thawed) would
        // otherwise go out on the client's next session, for a fire this instance never checked
        // against what happened meanwhile (a disable): its marks would be failed over later.
        guard client.isLeaseValid(forSession: request.sessionID) else {
            return .failed(attempt: request.attempt, reason: "the claim's session can no longer be proven alive")
        }
        var operations: [ZooKeeperOperation] = [.check(path: paths.sharding, version: request.epoch)]
        if let version = request.configurationVersion { operations.append(.check(path: paths.config, version: version)) }
        let firstItem = operations.count
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
                guard let stat = results[firstItem + 2 * index].stat else { continue }
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
            if index < firstItem { return .configurationChanged(attempt: request.attempt) }
            let item = request.items[(index - firstItem) / 2].item
            if error.code == .nodeExists { return .alreadyRunning(attempt: request.attempt, item: item) }
            return .itemChanged(attempt: request.attempt, item: item)
        } catch {
            return .failed(attempt: request.attempt, reason: "\(error)")
        }
    }

    /// Reads back a claim whose reply was lost (`ClaimReadBack`).
    private func resolve(_ request: ClaimRequest) async -> ClaimReply? {
        guard let first = request.items.first else { return nil }
        let readBack = ClaimReadBack(client: client, paths: paths, clock: clock)
        let mark = request.mark(instance: instance, for: first).bytes
        guard
            let versions = await readBack.claimedVersions(
                mark: mark, on: first.item, items: request.items.map(\.item), sessionID: request.sessionID)
        else { return nil }
        return .claimed(attempt: request.attempt, versions)
    }
}

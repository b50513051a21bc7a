import ShardedJobsZooKeeper

/// Writes a backfill's claim (`BackfillClaim`, DESIGN 12.6) in one multi-op: the epoch check,
/// the check of the backfill's node, and per item the check (or create) of its progress node,
/// the versioned same-value `setData` of `sharding/{item}` and the create of its `B:{id}` mark.
/// The multi's zxid is each item's fencing token. A reply lost on the way is read back
/// (`ClaimReadBack`).
struct BackfillClaimWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let clock: any SchedulerClock

    /// How many operations each item adds, and where its `setData` of the item is among them.
    private static let perItem = 3
    private static let itemWrite = 1

    func claim(_ claim: BackfillClaim) async -> ClaimReply {
        guard client.isLeaseValid(forSession: claim.sessionID) else {
            return .failed(attempt: claim.attempt, reason: "the claim's session can no longer be proven alive")
        }
        let id = claim.backfill.record.id
        let mark = claim.mark(instance: instance).bytes
        var operations: [ZooKeeperOperation] = [
            .check(path: paths.sharding, version: claim.epoch),
            .check(path: paths.backfill(id), version: claim.backfill.version),
        ]
        let firstItem = operations.count
        for candidate in claim.items {
            let progress = paths.backfillProgress(id, item: candidate.item)
            if let version = candidate.done.version {
                operations.append(.check(path: progress, version: version))
            } else {
                operations.append(.create(path: progress, data: []))
            }
            operations.append(
                .setData(path: paths.item(candidate.item), data: Array(String(candidate.progress.last).utf8), version: candidate.progress.version))
            operations.append(
                .create(path: paths.itemRunning(candidate.item), data: mark, mode: claim.persistentMarks ? .persistent : .ephemeral))
        }
        do {
            let results = try await client.multi(operations)
            var versions: [Int: ClaimedVersion] = [:]
            for (index, candidate) in claim.items.enumerated() {
                guard let stat = results[firstItem + Self.perItem * index + Self.itemWrite].stat else { continue }
                versions[candidate.item] = ClaimedVersion(version: stat.version, zxid: stat.mzxid)
            }
            return .claimed(attempt: claim.attempt, versions)
        } catch let error as ZooKeeperError {
            if error.failedOperationIndex == nil, error.code.isRetryable, let first = claim.items.first {
                let readBack = ClaimReadBack(client: client, paths: paths, clock: clock)
                if let versions = await readBack.claimedVersions(
                    mark: mark, on: first.item, items: claim.items.map(\.item), sessionID: claim.sessionID)
                {
                    return .claimed(attempt: claim.attempt, versions)
                }
            }
            guard let index = error.failedOperationIndex, [.badVersion, .noNode, .nodeExists].contains(error.code) else {
                return .failed(attempt: claim.attempt, reason: "\(error)")
            }
            if index == 0 { return .epochChanged(attempt: claim.attempt) }
            if index < firstItem { return .configurationChanged(attempt: claim.attempt) }
            let offset = (index - firstItem) % Self.perItem
            let item = claim.items[(index - firstItem) / Self.perItem].item
            if offset == 2, error.code == .nodeExists { return .alreadyRunning(attempt: claim.attempt, item: item) }
            return .itemChanged(attempt: claim.attempt, item: item)
        } catch {
            return .failed(attempt: claim.attempt, reason: "\(error)")
        }
    }
}

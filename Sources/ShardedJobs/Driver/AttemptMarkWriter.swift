import ShardedJobsZooKeeper

/// Writes a failed item's mark for its next attempt (``AttemptMark``, DESIGN 12.5): one
/// multi-op of the versioned same-value `setData` of `sharding/{item}` and the new data of
/// its `running` mark. The item's version fails the write when a failover claim took the item
/// or it was completed meanwhile; a lost reply is read back (`ClaimReadBack`).
struct AttemptMarkWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let clock: any SchedulerClock

    func mark(_ request: AttemptMark) async -> AttemptMarkReply {
        guard client.isLeaseValid(forSession: request.sessionID) else {
            return .failed(reason: "the item's session can no longer be proven alive")
        }
        let item = request.item
        let operations: [ZooKeeperOperation] = [
            .setData(path: paths.item(item), data: Array(String(request.last).utf8), version: request.version),
            .setData(path: paths.itemRunning(item), data: request.mark.bytes),
        ]
        do {
            let results = try await client.multi(operations)
            guard let stat = results[0].stat else { return .failed(reason: "the multi returned no stat") }
            return .marked(ClaimedVersion(version: stat.version, zxid: stat.mzxid))
        } catch let error as ZooKeeperError {
            if error.failedOperationIndex != nil, [.badVersion, .noNode].contains(error.code) { return .changed }
            if error.failedOperationIndex == nil, error.code.isRetryable {
                let readBack = ClaimReadBack(client: client, paths: paths, clock: clock)
                if let versions = await readBack.claimedVersions(
                    mark: request.mark.bytes, on: item, items: [item], sessionID: request.sessionID),
                    let written = versions[item]
                {
                    return .marked(written)
                }
            }
            return .failed(reason: "\(error)")
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}

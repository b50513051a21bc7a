import ShardedJobsZooKeeper

/// Writes a fire's claim (DESIGN section 6 point 5): one multi-op of the epoch check, and per
/// item a versioned same-value `setData` of `sharding/{item}` and the create of its `running`
/// mark. An instance acting on an outdated assignment, or on an item someone else has just
/// completed or claimed, cannot start it; the multi's zxid is each item's fencing token.
struct ClaimWriter: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID

    func claim(_ request: ClaimRequest) async -> ClaimReply {
        let mark = request.mark(instance: instance)
        var operations: [ZooKeeperOperation] = [.check(path: paths.sharding, version: request.epoch)]
        for candidate in request.items {
            operations.append(
                .setData(
                    path: paths.item(candidate.item), data: Array(String(candidate.progress.last).utf8),
                    version: InjectedBug.claimWithoutItemVersion.isActive ? -1 : candidate.progress.version))
            operations.append(
                .create(
                    path: paths.itemRunning(candidate.item), data: mark.bytes,
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
}

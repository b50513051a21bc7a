import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// Removes a job: its whole subtree, deepest nodes first.
    ///
    /// Refused (``OperationsError`` `refused`) while instances are online, unless `force`;
    /// with `force` the instance nodes are deleted first, which shuts those instances' job
    /// down, then the subtree. Each level of the tree is deleted with concurrent requests;
    /// nodes an instance creates meanwhile are picked up by a new pass (at most five).
    /// Returns the number of nodes deleted. Throws `notFound` for an unknown job.
    @discardableResult
    public func remove(job: String, force: Bool = false) async throws -> Int {
        let snapshot = try await snapshot(job: job, detail: .brief)
        if !snapshot.instances.isEmpty {
            guard force else {
                throw OperationsError(
                    .refused,
                    "job \"\(job)\" has \(snapshot.instances.count) instance(s) online (\(snapshot.instances.joined(separator: ", "))): "
                        + "stop them first, or force the removal, which shuts them down")
            }
            _ = try await concurrently(snapshot.instances) { id in try await deleteIfPresent(nodes(job).instance(id)) }
        }
        // Its SPREAD summary, if it has one, no longer counts in the pool.
        var deleted = try await deleteIfPresent(JobNodePath.spreadSummary(job)) ? 1 : 0
        for _ in 0..<5 {
            let levels = try await subtree(job: job).map(\.paths)
            if levels.isEmpty { return deleted }
            do {
                for level in levels.reversed() {
                    let results = try await concurrently(level) { relative in try await deleteIfPresent(relative) }
                    deleted += results.filter { $0 }.count
                }
                return deleted
            } catch let error as ZooKeeperError where error.code == .notEmpty {
                continue
            }
        }
        throw OperationsError(
            .coordination, "job \"\(job)\" kept changing while it was removed; stop its instances and run the removal again")
    }

    /// Deletes a node; false when it was already gone.
    private func deleteIfPresent(_ relative: String) async throws -> Bool {
        do {
            try await client.delete(path(relative))
            return true
        } catch let error as ZooKeeperError where error.code == .noNode {
            return false
        }
    }
}

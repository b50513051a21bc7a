import ShardedJobs
import ShardedJobsZooKeeper

extension JobTestCluster {
    /// Waits until `job`'s assignment is settled over the running schedulers and returns it:
    /// item → owning instance id.
    ///
    /// Settled means: no resharding is pending (`leader/sharding/necessary` is absent), every
    /// item `0..<n` has an owner, every owner is a running scheduler of the cluster, and — when
    /// there are at least as many items as schedulers — every running scheduler owns an item
    /// (the built-in strategies give each at least one; a custom strategy that leaves one out
    /// needs fewer items than schedulers here). Driven by watches on `/{job}/sharding`, whose
    /// data the leader raises with each assignment, and on the resharding flag; no polling.
    /// Throws ``JobTestTimeout`` after `timeout`.
    @discardableResult
    public func waitForAssignment(job: String, timeout: Duration = .seconds(30)) async throws -> [Int: String] {
        let expected = Set(schedulers.map(\.instanceID.description))
        let paths = JobNodePath(jobName: job)
        let client = self.client
        let settled = try await withDeadline(timeout) { () async throws -> [Int: String] in
            while true {
                try Task.checkCancellation()
                let (_, assignmentWatch) = try await client.watchExistence(paths.sharding)
                let (necessary, flagWatch) = try await client.watchExistence(paths.shardingNecessary)
                if necessary == nil, let assignment = try await Self.assignment(paths, client: client),
                    Self.isSettled(assignment, over: expected)
                {
                    return assignment
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { _ = try await assignmentWatch.event() }
                    group.addTask { _ = try await flagWatch.event() }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        guard let settled else {
            throw JobTestTimeout(what: "the assignment of job \(job) to settle over \(expected.sorted())", timeout: timeout)
        }
        return settled
    }

    /// Runs `job` once now on every running scheduler (a manual trigger: `/{job}/trigger/{instance}`
    /// per scheduler, each consumed by its instance, which runs its items — queued behind a
    /// running fire — without moving their `last`). Returns the instance ids triggered.
    @discardableResult
    public func triggerNow(job: String) async throws -> [String] {
        let paths = JobNodePath(jobName: job)
        let instances = schedulers.map(\.instanceID.description)
        for instance in instances {
            do {
                _ = try await client.create(paths.trigger(instance))
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Triggered and not yet consumed: one run either way.
            }
        }
        return instances
    }

    /// The stored assignment, nil while an item has no owner or the items are not `0..<n`.
    private static func assignment(_ paths: JobNodePath, client: ZooKeeperClient) async throws -> [Int: String]? {
        let names: [String]
        do {
            names = try await client.getChildren(paths.sharding).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
        let items = names.compactMap(Int.init).sorted()
        guard !items.isEmpty, items == Array(0..<items.count) else { return nil }
        var assignment: [Int: String] = [:]
        for item in items {
            do {
                let owner = try await client.getData(paths.itemInstance(item)).string
                guard !owner.isEmpty else { return nil }
                assignment[item] = owner
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
        }
        return assignment
    }

    /// Whether every owner is one of `instances` and, with enough items, every instance owns one.
    private static func isSettled(_ assignment: [Int: String], over instances: Set<String>) -> Bool {
        let owners = Set(assignment.values)
        guard owners.isSubset(of: instances) else { return false }
        return assignment.count < instances.count || owners == instances
    }
}

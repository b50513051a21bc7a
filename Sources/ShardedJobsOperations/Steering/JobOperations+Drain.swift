import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// Drains an instance (DESIGN 12.8): writes `/{job}/drain/{instance}` in `job`, or in every
    /// job the instance is online in. Each job's leader then gives the instance's items to the
    /// others (also with `staticSharding`); the instance keeps firing what it owns until that
    /// assignment is written, then runs nothing — no failover, no missed or doubled fire.
    ///
    /// Returns the jobs drained, sorted. Throws ``OperationsError`` `notFound` when the
    /// instance is not online in the job (or in any job). A mark stays until ``undrain(instance:job:)``
    /// or until the leader's reconcile finds the instance gone.
    @discardableResult
    public func drain(instance id: String, job: String? = nil) async throws -> [String] {
        let jobs = try await jobs(of: id, job)
        for name in jobs {
            let paths = nodes(name)
            for node in [paths.drains, paths.drain(id)] {
                do {
                    try await client.create(path(node))
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    continue
                } catch let error as ZooKeeperError where error.code == .noNode {
                    throw try await jobNotFound(name)  // Removed meanwhile.
                }
            }
        }
        return jobs
    }

    /// Ends the drain of an instance in `job`, or in every job that drains it: the leaders may
    /// give it items again. Returns the jobs whose mark was removed, sorted; throws
    /// ``OperationsError`` `notFound` when none had one.
    @discardableResult
    public func undrain(instance id: String, job: String? = nil) async throws -> [String] {
        let candidates: [String]
        if let job {
            guard try await optionalData(nodes(job).config) != nil else { throw try await jobNotFound(job) }
            candidates = [job]
        } else {
            candidates = try await jobNames()
        }
        var undrained: [String] = []
        for name in candidates {
            do {
                try await client.delete(path(nodes(name).drain(id)))
                undrained.append(name)
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue
            }
        }
        guard !undrained.isEmpty else {
            throw OperationsError(.notFound, "instance \"\(id)\" is not drained in \(job.map { "job \"\($0)\"" } ?? namespaceName)")
        }
        return undrained
    }

    /// `job` if the instance is online in it, else every job it is online in; throws
    /// `notFound` when there is none.
    private func jobs(of id: String, _ job: String?) async throws -> [String] {
        if let job {
            let snapshot = try await snapshot(job: job, detail: .brief)
            guard snapshot.instances.contains(id) else {
                let online = snapshot.instances.isEmpty ? "none is online" : "online: " + snapshot.instances.joined(separator: ", ")
                throw OperationsError(.notFound, "instance \"\(id)\" of job \"\(job)\" is not online (\(online))")
            }
            return [job]
        }
        let names = try await jobNames()
        let online = try await concurrently(names) { name in try await optionalChildren(nodes(name).instances)?.contains(id) == true }
        let found = zip(names, online).filter(\.1).map(\.0)
        guard !found.isEmpty else {
            throw OperationsError(.notFound, "instance \"\(id)\" is not online in any job of \(namespaceName); 'shardctl instances JOB' lists them")
        }
        return found
    }
}

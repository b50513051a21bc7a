import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// Every node of a job's subtree, depth-first with children in name order.
    ///
    /// One round trip per level of the tree (about six): each level's data and children are
    /// read with concurrent requests. Nodes deleted while the dump runs are left out. Throws
    /// ``OperationsError`` `notFound` for an unknown job.
    public func dump(job: String) async throws -> [JobNode] {
        let levels = try await subtree(job: job)
        guard !levels.isEmpty else { throw try await jobNotFound(job) }
        return levels.flatMap(\.nodes).sorted { lhs, rhs in
            lhs.path.split(separator: "/").lexicographicallyPrecedes(rhs.path.split(separator: "/"))
        }
    }

    /// The job's subtree level by level (the job's node first); empty when `/{job}` does not exist.
    func subtree(job: String) async throws -> [(paths: [String], nodes: [JobNode])] {
        var levels: [(paths: [String], nodes: [JobNode])] = []
        var current = [nodes(job).root]
        while !current.isEmpty {
            let read = try await concurrently(current) { relative -> (JobNode, [String])? in
                async let data = optionalData(relative)
                async let children = optionalChildren(relative)
                guard let data = try await data, let children = try await children else { return nil }
                let node = JobNode(path: relative, data: data.bytes, isEphemeral: data.stat.isEphemeral)
                return (node, children.sorted().map { relative + "/" + $0 })
            }
            let found = read.compactMap { $0 }
            if found.isEmpty { break }
            levels.append((found.map(\.0.path), found.map(\.0)))
            current = found.flatMap(\.1)
        }
        return levels
    }
}

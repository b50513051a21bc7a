import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// Runs every item of the job once now: a `trigger/{instanceId}` node for each live instance.
    ///
    /// Each instance consumes its node and runs the items it owns (after a fire in progress).
    /// Returns the instances triggered. Throws ``OperationsError`` `notFound` for an unknown
    /// job and `refused` when no instance is online (nothing would run).
    @discardableResult
    public func trigger(job: String) async throws -> [String] {
        let snapshot = try await snapshot(job: job, detail: .brief)
        guard !snapshot.instances.isEmpty else {
            throw OperationsError(.refused, "job \"\(job)\" has no live instance, so nothing would run; start a worker for it first")
        }
        let paths = nodes(job)
        _ = try await concurrently(snapshot.instances) { id in
            do {
                try await client.create(path(paths.trigger(id)))
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Already triggered and not yet consumed: one run either way.
            }
        }
        return snapshot.instances
    }

    /// Disables the job on every server (`servers/{ip}` = `DISABLED`, in one multi-op).
    ///
    /// The leader reshards away from disabled servers; with every server disabled, nothing
    /// runs. Returns the servers changed. Throws `notFound` for an unknown job or one
    /// without servers.
    @discardableResult
    public func disable(job: String) async throws -> [String] {
        try await setAllServers(job: job, to: "DISABLED")
    }

    /// Enables the job on every server (`servers/{ip}` = `ENABLED`, in one multi-op).
    ///
    /// Returns the servers changed.
    @discardableResult
    public func enable(job: String) async throws -> [String] {
        try await setAllServers(job: job, to: "ENABLED")
    }

    /// Disables one server of a job: its items move to the other servers at the next resharding.
    ///
    /// Throws `notFound` when the job has no such server (listing the ones it has).
    public func disable(job: String, server ip: String) async throws {
        try await setServer(job: job, ip: ip, to: "DISABLED")
    }

    /// Enables one server of a job again.
    ///
    /// Throws `notFound` when the job has no such server.
    public func enable(job: String, server ip: String) async throws {
        try await setServer(job: job, ip: ip, to: "ENABLED")
    }

    /// Disables one item: its `disabled` mark makes every instance skip it.
    ///
    /// Idempotent. Throws `notFound` when the item is not one of the job's.
    public func disable(job: String, item: Int) async throws {
        try await checkItem(job: job, item: item)
        do {
            try await client.create(path(nodes(job).itemDisabled(item)))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Already disabled.
        }
    }

    /// Enables one item again by deleting its `disabled` mark.
    ///
    /// Idempotent. Throws `notFound` when the item is not one of the job's.
    public func enable(job: String, item: Int) async throws {
        try await checkItem(job: job, item: item)
        do {
            try await client.delete(path(nodes(job).itemDisabled(item)))
        } catch let error as ZooKeeperError where error.code == .noNode {
            // Not disabled.
        }
    }

    /// Shuts one instance's job down: deletes its instance node while its session lives.
    ///
    /// The instance stops the job for good (its process keeps running; restart it to bring
    /// the job back). Throws `notFound` when no such instance is online.
    public func shutdown(job: String, instance id: String) async throws {
        do {
            try await client.delete(path(nodes(job).instance(id)))
        } catch let error as ZooKeeperError where error.code == .noNode {
            let snapshot = try await snapshot(job: job, detail: .brief)
            let online = snapshot.instances.isEmpty ? "none is online" : "online: " + snapshot.instances.joined(separator: ", ")
            throw OperationsError(.notFound, "instance \"\(id)\" of job \"\(job)\" is not online (\(online))")
        }
    }

    private func setAllServers(job: String, to state: String) async throws -> [String] {
        let snapshot = try await snapshot(job: job, detail: .brief)
        let ips = snapshot.servers.keys.sorted()
        guard !ips.isEmpty else {
            throw OperationsError(.notFound, "job \"\(job)\" has no servers yet: they appear when its instances start")
        }
        _ = try await client.multi(ips.map { .setData(path: path(nodes(job).server($0)), data: Array(state.utf8)) })
        return ips
    }

    private func setServer(job: String, ip: String, to state: String) async throws {
        do {
            try await client.setData(path(nodes(job).server(ip)), data: Array(state.utf8))
        } catch let error as ZooKeeperError where error.code == .noNode {
            let snapshot = try await snapshot(job: job, detail: .brief)
            let known = snapshot.servers.keys.sorted()
            let list = known.isEmpty ? "it has none yet" : "its servers are " + known.joined(separator: ", ")
            throw OperationsError(.notFound, "job \"\(job)\" has no server \(ip): \(list)")
        }
    }

    private func checkItem(job: String, item: Int) async throws {
        let snapshot = try await snapshot(job: job, detail: .brief)
        guard snapshot.itemNodes.contains(where: { $0.item == item }) else {
            let count = snapshot.shardingTotalCount
            throw OperationsError(
                .notFound, "job \"\(job)\" has no item \(item): its items are 0 to \(count - 1)"
                    + (item < count ? " (item \(item) is not assigned yet; retry once the job is sharded)" : ""))
        }
    }
}

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
    /// runs. The same multi-op gives every item that could run a gap record's `owedUpTo`
    /// (DESIGN 12.5), so no fire of the disabled time is ever caught up, whether or not the
    /// item's owner is alive. Returns the servers changed. Throws `notFound` for an unknown
    /// job or one without servers.
    ///
    /// With a `note`, the job is *paused*: the note is written to `/{job}/pause` in the same
    /// multi-op (replacing one there), `shardctl status` and the console show it, and an
    /// instance that starts meanwhile registers its server `DISABLED`. Without one, a note
    /// already there stays.
    @discardableResult
    public func disable(job: String, note: String? = nil) async throws -> [String] {
        try await writeEnablement(job: job, everyServer: "DISABLED", pause: note.map { .set($0) })
    }

    /// Enables the job on every server (`servers/{ip}` = `ENABLED`, in one multi-op) and
    /// deletes its pause note, if any (`pauseAfterConsecutiveFailures`, or a disable with a note).
    ///
    /// The same multi-op gives every item that can run again its gap record's `resumeAt`, so
    /// the fires from now on are owed even to an item whose owner is gone. Returns the
    /// servers changed.
    @discardableResult
    public func enable(job: String) async throws -> [String] {
        try await writeEnablement(job: job, everyServer: "ENABLED", pause: .clear)
    }

    /// Disables one server of a job: its items move to the other servers at the next resharding.
    ///
    /// When it was the last enabled server, the items' gap records are written as by
    /// ``disable(job:)``. Throws `notFound` when the job has no such server (listing the ones
    /// it has).
    public func disable(job: String, server ip: String) async throws {
        try await setServer(job: job, ip: ip, to: "DISABLED")
    }

    /// Enables one server of a job again.
    ///
    /// When no server was enabled, the items' gap records are written as by ``enable(job:)``.
    /// Throws `notFound` when the job has no such server.
    public func enable(job: String, server ip: String) async throws {
        try await setServer(job: job, ip: ip, to: "ENABLED")
    }

    /// Disables one item: its `disabled` mark makes every instance skip it.
    ///
    /// The mark is created in one multi-op with the item's gap record (its `owedUpTo`).
    /// Idempotent. Throws `notFound` when the item is not one of the job's.
    public func disable(job: String, item: Int) async throws {
        try await checkItem(job: job, item: item)
        try await writeEnablement(job: job, servers: [:], disabled: [item: true])
    }

    /// Enables one item again by deleting its `disabled` mark.
    ///
    /// The mark is deleted in one multi-op with the item's gap record's `resumeAt` (when the
    /// job has an enabled server). Idempotent. Throws `notFound` when the item is not one of
    /// the job's.
    public func enable(job: String, item: Int) async throws {
        try await checkItem(job: job, item: item)
        try await writeEnablement(job: job, servers: [:], disabled: [item: false])
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

    private func setServer(job: String, ip: String, to state: String) async throws {
        try await writeEnablement(job: job, servers: [ip: state])
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

import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper

extension JobOperations {
    /// Stops running executions of a job (DESIGN 12.6): item `item`'s, or every running item's.
    ///
    /// For each, a request `/{job}/kill/{item}` names the execution's fire and fencing token (the
    /// zxid that wrote its mark); its owner stops it at once, as for a timeout, and it completes as
    /// failed with cause `killed by operator` (``KillResult/Outcome/stopped``). When the owner's
    /// instance node is gone, or the item has not completed within `wait` (one session timeout is
    /// what a live owner needs at most), the item is completed here — `last` moved as its own
    /// completion would, the mark and failover nodes deleted, in one versioned multi-op — so that
    /// the fire is never run again (``KillResult/Outcome/notReachable``); the request stays for
    /// an owner that comes back with its session (its completion is then dropped). A failover claim that
    /// took the orphaned item first is killed in turn. Throws `notFound` for an unknown job or
    /// item, `refused` for a job without `monitorExecution` (nothing records what runs).
    public func kill(job: String, item: Int? = nil, wait: Duration) async throws -> [KillResult] {
        // Every item's marks only when every running item is asked for.
        let snapshot = try await snapshot(job: job, detail: item == nil ? .full : .brief)
        if let configuration = snapshot.configuration, !configuration.monitorExecution {
            throw OperationsError(
                .refused, "job \"\(job)\" runs without monitorExecution: nothing records its executions, so none can be killed")
        }
        let items: [Int]
        if let item {
            guard snapshot.itemNodes.contains(where: { $0.item == item }) else {
                throw OperationsError(.notFound, "job \"\(job)\" has no item \(item): its items are 0 to \(snapshot.shardingTotalCount - 1)")
            }
            items = [item]
        } else {
            items = snapshot.itemNodes.filter { $0.marks.contains("running") }.map(\.item)
        }
        return try await concurrently(items) { item in try await self.killItem(job: job, item: item, wait: wait) }
    }

    /// Kills one item's execution, if one runs, then deletes the request once it was obeyed. A
    /// request to an owner that was not reachable stays, so that the owner stops the execution
    /// if it comes back with its session; any other left behind names an execution that no
    /// longer runs, which owners ignore.
    private func killItem(job: String, item: Int, wait: Duration) async throws -> KillResult {
        let paths = nodes(job)
        let (result, requested) = try await pursue(item: item, paths, until: client.environment.clock.now() &+ wait.nanoseconds)
        if requested, result.outcome == .stopped {
            do {
                try await client.delete(path(paths.kill(item)))
            } catch let error as ZooKeeperError where error.code == .noNode {
                // Gone already.
            }
        }
        return result
    }

    /// Requests the kill of the item's execution and follows it to its end (watching its mark
    /// and its owner's instance node until `deadline`, a reading of the client's clock); also
    /// says whether a request was written.
    private func pursue(item: Int, _ paths: JobNodePath, until deadline: Int64) async throws -> (KillResult, requested: Bool) {
        let environment = client.environment
        var target: (mark: RunningMark, token: Int64)?
        while true {
            // The watch first, then the reads: a change after them fires it.
            let (_, markChanged) = try await client.watchExistence(path(paths.itemRunning(item)))
            let read = try await runningExecution(paths, item: item)
            guard let read, target.map({ read.mark.scheduled == $0.mark.scheduled }) ?? true else {
                // Nothing runs, or what runs now is a later fire: the execution has ended.
                guard let target else { return (KillResult(item: item, outcome: .alreadyFinished), false) }
                return (KillResult(item: item, outcome: .stopped, fire: target.mark.scheduled, instance: target.mark.instance.description), true)
            }
            if target?.token != read.token {
                // The first request, or a failover claim took the same fire over: aim at it.
                try await request(KillRequest(item: item, fire: read.mark.scheduled ?? 0, token: read.token), paths)
                target = (read.mark, read.token)
            }
            let (owner, ownerLeft) = try await client.watchExistence(path(paths.instance(read.mark.instance.description)))
            if owner == nil || environment.clock.now() >= deadline {
                guard try await complete(read, item: item, paths) else { continue }  // Changed meanwhile: look again.
                return (
                    KillResult(item: item, outcome: .notReachable, fire: read.mark.scheduled, instance: read.mark.instance.description),
                    true
                )
            }
            // Until the mark changes (a completion deletes it, a failover claim rewrites it), the
            // owner leaves, or the wait ends.
            _ = try await environment.withDeadline(.nanoseconds(deadline - environment.clock.now())) {
                try await ZooKeeperWatch.first(of: [markChanged, ownerLeft])
            }
        }
    }

    /// The item's running execution: its mark, the item node (its `last` and version) and the
    /// fencing token (the item node's `mzxid`, written with the mark); nil when none runs.
    private func runningExecution(_ paths: JobNodePath, item: Int) async throws
        -> (mark: RunningMark, token: Int64, last: Int64, version: Int32)?
    {
        guard let markData = try await optionalData(paths.itemRunning(item)), let mark = RunningMark(markData.string),
            let node = try await optionalData(paths.item(item))
        else { return nil }
        return (mark, node.stat.mzxid, Int64(node.string) ?? 0, node.stat.version)
    }

    /// Writes (or replaces) the request node.
    private func request(_ request: KillRequest, _ paths: JobNodePath) async throws {
        let node = path(paths.kill(request.item))
        try await client.ensureParents(of: node)
        do {
            try await client.create(node, data: Array(request.description.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            try await client.setData(node, data: Array(request.description.utf8))
        }
    }

    /// Completes an orphaned or silent execution as its own completion would, in one multi-op
    /// checked at the item's version; false when the item changed first.
    private func complete(
        _ execution: (mark: RunningMark, token: Int64, last: Int64, version: Int32), item: Int, _ paths: JobNodePath
    ) async throws -> Bool {
        var operations: [ZooKeeperOperation] = [
            .setData(
                path: path(paths.item(item)), data: Array(String(execution.mark.completedLast(over: execution.last)).utf8),
                version: execution.version),
            .delete(path: path(paths.itemRunning(item))),
        ]
        for node in [paths.itemFailover(item), paths.itemFailovering(item), paths.failoverItem(item)]
        where try await client.exists(path(node)) != nil {
            operations.append(.delete(path: path(node)))
        }
        do {
            _ = try await client.multi(operations)
            return true
        } catch let error as ZooKeeperError where [.badVersion, .noNode].contains(error.code) {
            return false
        }
    }
}

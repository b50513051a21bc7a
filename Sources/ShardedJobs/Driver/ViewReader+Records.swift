import ShardedJobsZooKeeper

extension ViewReader {
    /// Reads the trigger children (watched); a child named after this instance asks for one
    /// run now: it is deleted, and true returned (false when another reader deleted it first).
    func takeTrigger(for instance: JobInstanceID) async throws -> Bool {
        let (children, watch) = try await client.watchChildren(paths.trigger)
        watches.arm(watch, as: .trigger)
        guard children.names.contains(instance.description) else { return false }
        do {
            try await client.delete(paths.trigger(instance.description))
            return true
        } catch let error as ZooKeeperError where error.code == .noNode {
            return false
        }
    }

    /// The operators' kill requests (the children of `/{job}/kill` watched; created when
    /// missing). A request whose node vanished or does not parse is skipped.
    func killRequests() async throws -> [KillRequest] {
        let children: NodeChildren
        do {
            let (found, watch) = try await client.watchChildren(paths.kill)
            watches.arm(watch, as: .kill)
            children = found
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.ensure(paths.kill)
            let (found, watch) = try await client.watchChildren(paths.kill)
            watches.arm(watch, as: .kill)
            children = found
        }
        var requests: [KillRequest] = []
        for name in children.names.sorted() {
            guard let item = Int(name) else { continue }
            do {
                let data = try await client.getData(paths.kill(item))
                if let request = KillRequest(item: item, data: data.string) { requests.append(request) }
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue
            }
        }
        return requests
    }

    /// Whether the failover queue holds items (its children watched; created when missing).
    func failoverQueueHasItems() async throws -> Bool {
        do {
            let (children, watch) = try await client.watchChildren(paths.failoverItems)
            watches.arm(watch, as: .failoverQueue)
            return !children.names.isEmpty
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.ensure(paths.failoverItems)
            let (children, watch) = try await client.watchChildren(paths.failoverItems)
            watches.arm(watch, as: .failoverQueue)
            return !children.names.isEmpty
        }
    }

    /// Watches an item's `running` mark; returns whether it exists now. Its removal comes back
    /// as `.watchFired(.itemRunning(item))`.
    func watchRunning(_ item: Int) async throws -> Bool {
        guard !watches.isArmed(.itemRunning(item)) else { return true }
        let (stat, watch) = try await client.watchExistence(paths.itemRunning(item))
        watches.arm(watch, as: .itemRunning(item))
        return stat != nil
    }
}

extension ViewReader {
    /// The job's last schedule change (`/{job}/schedule`), if one is recorded.
    func scheduleChange() async throws -> ScheduleChange? {
        do {
            let data = try await client.getData(paths.schedule)
            return ScheduleChange(data.string, modifiedAt: data.stat.mtime)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }
}

extension ZooKeeperClient {
    /// Creates a persistent node with `data` (and its missing parents) when absent.
    package func ensure(_ path: String, data: String = "") async throws {
        try await ensureParents(of: path)
        do {
            try await create(path, data: Array(data.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        }
    }

    /// Creates the missing persistent ancestors of a path.
    package func ensureParents(of path: String) async throws {
        for ancestor in ZooKeeperPath.ancestors(of: path) {
            do {
                try await create(ancestor)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                continue
            }
        }
    }

    /// A node's data, or nil when it does not exist.
    package func optionalData(_ path: String) async throws -> NodeData? {
        do {
            return try await getData(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }

    /// Deletes an ephemeral node if the current session owns it.
    func deleteIfOwned(_ path: String) async {
        guard let session, let stat = try? await exists(path), stat.ephemeralOwner == session.id else { return }
        try? await delete(path, version: stat.version)
    }
}

import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Reads everything the view holds, arming one watch per watched node (DESIGN section 6
    /// point 8): instances and triggers (children), servers, the epoch, each item's owner and
    /// `disabled` mark, and the resharding flag.
    func loadView() async throws {
        try await refreshInstances()
        try await refreshServers()
        try await refreshFlag(.necessary)
        try await refreshDisabledItems(Array(0..<configuration.shardingTotalCount))
        try await refreshAssignment()
        try await refreshTriggers()
        try await refreshFailoverQueue()
    }

    /// Reacts to a watch: re-reads the node with a new watch, then acts on the change.
    func watchFired(_ kind: JobWatch) async {
        armed.remove(kind)
        guard activeSession != nil || isSuspended else { return }
        do {
            switch kind {
            case .config:
                try await refreshConfiguration(initial: false)
            case .instances:
                let before = view.instances
                try await refreshInstances()
                if detectOperatorShutdown() { return }
                if isLeader { scheduleReshardCheck() }
                if configuration.failover, !before.subtracting(view.instances).isEmpty {
                    await repairRunningMarks(reason: "an instance left")
                }
            case .failoverQueue:
                try await refreshFailoverQueue()
            case .itemRunning:
                await catchUp()
            case .servers, .server:
                try await refreshServers()
                if isLeader { scheduleReshardCheck() }
            case .epoch, .itemOwner:
                try await refreshAssignment()
            case .itemDisabled, .necessary:
                try await refreshFlag(kind)
                if kind == .necessary {
                    if view.reshardingPending {
                        if isLeader { scheduleReshardCheck() }
                    } else {
                        try await refreshAssignment()
                    }
                }
            case .trigger:
                try await refreshTriggers()
            case .leaderInstance:
                await mirrorLeadership()
            }
        } catch {
            logger.warning("re-reading \(kind) after its watch failed: \(error)")
            if activeSession != nil { post.yield(.watch(kind)) }
        }
        runPendingFireIfStable()
    }

    var isSuspended: Bool {
        if case .suspended = phase { return true }
        return false
    }

    /// Arms a watch's event to come back through the inbox (session ends are ignored: a new
    /// session reloads everything).
    func route(_ watch: ZooKeeperWatch, as kind: JobWatch) {
        armed.insert(kind)
        let post = self.post
        watch.onEvent { event in
            if event.isNodeEvent { post.yield(.watch(kind)) }
        }
    }

    /// Reads the configuration (with a watch). A malformed or invalid one written by hand is
    /// logged and the last good one kept; at start-up it refuses the job.
    func refreshConfiguration(initial: Bool) async throws {
        let (data, watch) = try await client.watchData(paths.config)
        route(watch, as: .config)
        let updated: JobConfiguration
        do {
            updated = try JobConfiguration(yaml: data.string)
            try settings.validate(updated, ownErrorHandler: definition.errorHandler != nil)
        } catch {
            if initial { throw error }
            logger.error("ignoring the configuration written to ZooKeeper, keeping the last good one: \(error)")
            metrics.invalidConfigurations.increment()
            return
        }
        guard updated.jobName == configuration.jobName else {
            logger.error("ignoring a configuration for job \(updated.jobName) written to \(paths.config)")
            return
        }
        let previous = view.configuration
        view.configuration = updated
        if initial { return }
        if previous.schedule != updated.schedule {
            logger.info("cron changed to \(updated.schedule.cron) (\(updated.schedule.timeZoneIdentifier ?? "local")): rescheduling")
            scheduleFires()
        }
        if updated.failover, !previous.failover, !armed.contains(.failoverQueue) {
            try await refreshFailoverQueue()
        }
        if previous.shardingTotalCount != updated.shardingTotalCount {
            logger.info("item count changed from \(previous.shardingTotalCount) to \(updated.shardingTotalCount)")
            try await refreshDisabledItems(
                Array(previous.shardingTotalCount..<max(previous.shardingTotalCount, updated.shardingTotalCount)))
            if isLeader { scheduleReshardCheck() }
        }
    }

    func refreshInstances() async throws {
        let (children, watch) = try await client.watchChildren(paths.instances)
        route(watch, as: .instances)
        view.instances = Set(children.names.compactMap { JobInstanceID($0) })
    }

    /// Reads the server list and each server's state, watching the list and each server node.
    func refreshServers() async throws {
        let (children, watch) = try await client.watchChildren(paths.servers)
        route(watch, as: .servers)
        var servers: [String: Bool] = [:]
        for ip in children.names {
            if armed.contains(.server(ip)), let known = view.servers[ip] {
                servers[ip] = known
                continue
            }
            do {
                let (data, serverWatch) = try await client.watchData(paths.server(ip))
                route(serverWatch, as: .server(ip))
                servers[ip] = data.string != "DISABLED"
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue
            }
        }
        view.servers = servers
    }

    /// Reads an existence flag (`disabled` of an item, `necessary`) with an existence watch.
    func refreshFlag(_ kind: JobWatch) async throws {
        switch kind {
        case .itemDisabled(let item):
            let (stat, watch) = try await client.watchExistence(paths.itemDisabled(item))
            route(watch, as: kind)
            if stat == nil { view.disabledItems.remove(item) } else { view.disabledItems.insert(item) }
        case .necessary:
            let (stat, watch) = try await client.watchExistence(paths.shardingNecessary)
            route(watch, as: kind)
            view.reshardingPending = stat != nil
        default:
            return
        }
    }

    /// Reads the `disabled` marks of several items at once (each with an existence watch).
    func refreshDisabledItems(_ items: [Int]) async throws {
        let client = self.client
        let paths = self.paths
        let flags = try await withThrowingTaskGroup(of: (Int, Bool, ZooKeeperWatch).self) { group in
            for item in items {
                group.addTask {
                    let (stat, watch) = try await client.watchExistence(paths.itemDisabled(item))
                    return (item, stat != nil, watch)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (item, disabled, watch) in flags {
            route(watch, as: .itemDisabled(item))
            if disabled { view.disabledItems.insert(item) } else { view.disabledItems.remove(item) }
        }
    }

    /// Detects an operator's shutdown: our instance node deleted while the session that created
    /// it still lives. Only that stops the job for good (never our own expiry, W-3).
    private func detectOperatorShutdown() -> Bool {
        // The lease proves the session lives: after a freeze past the session timeout the node
        // is gone because the session expired, and the `lost` event may not be handled yet.
        guard let session = activeSession, registeredSession == session, client.isLeaseValid(forSession: session),
            !view.instances.contains(instance)
        else { return false }
        logger.warning("our instance node was deleted while our session lives: an operator shut this instance down")
        post.yield(.shutdown)
        return true
    }
}

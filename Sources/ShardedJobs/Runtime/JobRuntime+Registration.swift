import Foundation
import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Registers the job on a new session (DESIGN section 6, start-up): the job type, the
    /// configuration, the clock check, the server and instance nodes, the epoch node, then
    /// the watched view. Runs nothing until the current assignment and epoch are read.
    func register(on session: ZooKeeperSession) async {
        guard phase != .stopped else { return }
        registrationRetry?.cancel()
        armed.removeAll()
        do {
            try await ensureJobNode()
            try await ensureStructure()
            try await loadConfiguration()
            try await checkClock()
            try await registerServer()
            // Before our instance node is replaced, while our old marks still look alive.
            await flushPendingCompletions()
            try await registerInstance(on: session)
            try await loadView()
            if !client.earlierSessionIDs.isEmpty { await repairRunningMarks(reason: "a new session") }
            phase = .active(sessionID: session.id)
            scheduleFires()
            scheduleReconcile()
            logger.info(
                "job registered",
                metadata: [
                    "zk.session": "\(session.idString)", "items": "\(view.items(ownedBy: instance))",
                    "epoch": "\(view.epoch.map(String.init) ?? "-")",
                ])
            if isLeader {
                scheduleReshardCheck()
                await repairAsLeader(reason: "registered as leader")
            }
            onRegistered()
            checkFailoverQueue(leftover: false)
            await catchUp()
        } catch let error as JobStartError {
            await stopWithError(error.description)
        } catch let error as JobConfigurationError {
            await stopWithError("invalid configuration: \(error)")
        } catch {
            logger.warning("registration failed, retrying: \(error)")
            let post = self.post
            registrationRetry = Task {
                try? await Task.sleep(for: .milliseconds(500))
                post.yield(.retryRegistration)
            }
        }
    }

    func retryRegistration() async {
        guard phase == .waitingForSession, let session = client.session else { return }
        await register(on: session)
    }

    /// Creates `/{job}` with the job type, or checks the type of an existing job.
    private func ensureJobNode() async throws {
        do {
            try await client.create(paths.root, data: Array(definition.typeName.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            let existing = try await client.getData(paths.root).string
            if !existing.isEmpty, existing != definition.typeName {
                throw JobStartError(
                    "job \(configuration.jobName) is a \(existing) in ZooKeeper; this instance is a \(definition.typeName)")
            }
            if existing.isEmpty { try await client.setData(paths.root, data: Array(definition.typeName.utf8)) }
        }
    }

    /// Creates the job's missing structure nodes (`servers`, `instances`, `sharding` with epoch
    /// 0, `trigger`) in one multi-op, after one read of `/{job}`'s children: two round trips
    /// instead of one per node, which matters when a process registers 100 jobs at once.
    private func ensureStructure() async throws {
        let existing = Set(try await client.getChildren(paths.root).names)
        let wanted: [(String, String)] = [
            (paths.servers, ""), (paths.instances, ""), (paths.sharding, "0"), (paths.trigger, ""),
        ]
        let missing = wanted.filter { !existing.contains(ZooKeeperPath.lastComponent(of: $0.0)) }
        guard !missing.isEmpty else { return }
        do {
            _ = try await client.multi(missing.map { .create(path: $0.0, data: Array($0.1.utf8)) })
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Another instance created some of them meanwhile: create the rest one by one.
            for (path, data) in missing { try await ensure(path, data: data) }
        }
    }

    /// Writes the configuration when absent (recording the writer's time zone) or when
    /// `overwrite` is set; otherwise adopts ZooKeeper's copy. Arms the config watch.
    private func loadConfiguration() async throws {
        let local = localConfiguration.withTimeZone(default: .current)
        if local.overwrite {
            try await write(config: local)
        } else {
            do {
                try await client.create(paths.config, data: Array(local.yaml.utf8))
                logger.info("wrote the job configuration to ZooKeeper")
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Another instance wrote it first: ZooKeeper's copy rules.
            }
        }
        try await refreshConfiguration(initial: true)
    }

    /// Writes the configuration over ZooKeeper's copy (`overwrite`), creating it when absent.
    private func write(config: JobConfiguration) async throws {
        let data = Array(config.yaml.utf8)
        do {
            try await client.create(paths.config, data: data)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // Another instance created it first; overwrite it all the same.
            try await client.setData(paths.config, data: data)
        }
        logger.info("wrote the job configuration to ZooKeeper (overwrite)")
    }

    /// Checks the local clock against ZooKeeper's (the mtime of `systemTime/current`) when
    /// `maxTimeDiff` is set.
    func checkClock() async throws {
        guard let limit = configuration.maxTimeDiff else { return }
        let stat: NodeStat
        do {
            stat = try await client.setData(paths.systemTime, data: [])
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await ensure(paths.systemTime, data: "")
            stat = try await client.setData(paths.systemTime, data: [])
        }
        let local = TriggerTimeline.nowMillis()
        let difference = abs(local - stat.mtime)
        if .milliseconds(difference) > limit {
            throw JobStartError(
                "the local clock is \(difference) ms away from ZooKeeper's, more than maxTimeDiffSeconds \(limit)")
        }
    }

    /// Creates `servers/{ip}` (ENABLED, or DISABLED with `disabled: true`); never turns an
    /// operator's DISABLED back to ENABLED (ElasticJob does, W-16).
    private func registerServer() async throws {
        let path = paths.server(instance.ip)
        let wanted = configuration.disabled ? "DISABLED" : "ENABLED"
        do {
            try await client.create(path, data: Array(wanted.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            if configuration.disabled { try await client.setData(path, data: Array(wanted.utf8)) }
        }
    }

    /// Creates our ephemeral instance node. A node of one of our earlier sessions is replaced;
    /// one of a foreign live session (a restarted container with the same IP and pid) is
    /// waited for up to one session timeout, then start-up is refused.
    private func registerInstance(on session: ZooKeeperSession) async throws {
        let path = paths.instance(instance.description)
        let data = Array(InstanceNodeData(jobInstanceID: instance, serverIP: instance.ip).yaml.utf8)
        let deadline = ContinuousClock.now + session.negotiatedTimeout + .seconds(1)
        while true {
            do {
                try await client.create(path, data: data, mode: .ephemeral)
                registeredSession = session.id
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                let (stat, watch) = try await client.watchExistence(path)
                guard let stat else { continue }
                if stat.ephemeralOwner == session.id {
                    registeredSession = session.id
                    return
                }
                if client.earlierSessionIDs.contains(stat.ephemeralOwner) {
                    logger.info("replacing our instance node of an earlier session")
                    try? await client.delete(path, version: stat.version)
                    continue
                }
                let remaining = deadline - .now
                guard remaining > .zero else {
                    throw JobStartError(
                        "instance \(instance) is registered by another live session (0x\(String(UInt64(bitPattern: stat.ephemeralOwner), radix: 16))); is another process using the same IP and pid?"
                    )
                }
                logger.warning("instance node held by a foreign session; waiting up to \(remaining)")
                _ = try? await withDeadline(remaining) { try await watch.event() }
            }
        }
    }

    /// Creates a persistent node with `data` (and its parents) when absent.
    func ensure(_ path: String, data: String) async throws {
        try await ensureParents(of: path)
        do {
            try await client.create(path, data: Array(data.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        }
    }

    /// Creates the missing persistent ancestors of a path.
    func ensureParents(of path: String) async throws {
        for ancestor in ZooKeeperPath.ancestors(of: path) {
            do {
                try await client.create(ancestor)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                continue
            }
        }
    }

    /// Stops the job for good after an error that retrying cannot fix.
    func stopWithError(_ message: String) async {
        failure = message
        logger.error("job refused: \(message)")
        await shutDown(reason: message)
    }
}

/// A reason a job cannot start that retrying does not fix.
struct JobStartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `operation`, returning nil if it has not finished within `limit`.
func withDeadline<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

import Foundation
import Logging
import ShardedJobsZooKeeper

/// Registers a job on a new session (DESIGN section 6, start-up): the job type, the structure
/// nodes, the configuration, the clock check, the server and instance nodes, then the whole
/// watched view. Completion records kept from an earlier session are written before the
/// instance node is replaced, while the old marks still look alive to the others.
struct JobRegistrar: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let typeName: String
    /// The configuration this instance brought.
    let localConfiguration: JobConfiguration
    let reader: ViewReader
    let clock: any SchedulerClock
    let logger: Logger

    /// What a registration read, and whether a manual trigger for this instance was waiting.
    struct Result: Sendable {
        let outcome: RegistrationOutcome
        let triggered: Bool
    }

    func register(sessionID: Int64, completions: [ClearRecord]) async throws -> Result {
        try await ensureJobNode()
        try await ensureStructure()
        let (configuration, modifiedAt, version) = try await loadConfiguration()
        try await ClockCheck(client: client, paths: paths, clock: clock).check(configuration)
        try await registerServer(configuration)
        let flushed = await ClearWriter(client: client, paths: paths, clock: clock, logger: logger).flush(completions)
        try await registerInstance(sessionID: sessionID)
        let instances = try await reader.instances()
        let labels = configuration.label == nil ? [:] : try await reader.labels(of: instances)
        let drains = try await reader.drains()
        let servers = try await reader.servers().compactMapValues { $0 }
        // Read after the servers, not taken from `registerServer`'s read: a pause written in
        // between leaves our server DISABLED, and no watch would report it.
        let paused = servers[instance.ip] == false ? try await reader.paused() : false
        let pending = try await reader.reshardingFlag()
        let disabled = try await reader.disabledItems(Array(0..<configuration.shardingTotalCount))
        let assignment = try await reader.assignment(itemCount: configuration.shardingTotalCount)
        let owned = assignment.owners.filter { $0.value == instance && $0.key < configuration.shardingTotalCount }.keys
        let progress = try await reader.progress(of: owned.sorted()).compactMapValues { $0 }
        let triggered = try await reader.takeTrigger(for: instance)
        // Arms the watch on kill requests; nothing of this session runs yet to act on.
        _ = try await reader.killRequests()
        if !client.earlierSessionIDs.isEmpty {
            // Before the queue is read: the repair may queue this instance's own old marks, and
            // no other instance need look at the queue then.
            await MarkRepair(client: client, paths: paths, logger: logger).repairRunningMarks(
                configuration, reason: "a new session")
        }
        let queued = configuration.failover ? try await reader.failoverQueueHasItems() : false
        let scheduleChange = try await reader.scheduleChange()
        let outcome = RegistrationOutcome(
            sessionID: sessionID, configuration: configuration, instances: instances, labels: labels, drains: drains, servers: servers,
            disabledItems: Set(disabled.filter(\.value).keys), paused: paused, reshardingPending: pending, assignment: assignment,
            progress: progress, failoverQueueHasItems: queued, scheduleChange: scheduleChange, flushed: flushed,
            configurationModifiedAt: modifiedAt, configurationVersion: version)
        return Result(outcome: outcome, triggered: triggered)
    }

    /// Creates `/{job}` with the job type, or checks the type of an existing job.
    private func ensureJobNode() async throws {
        do {
            try await client.create(paths.root, data: Array(typeName.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            let existing = try await client.getData(paths.root).string
            if !existing.isEmpty, existing != typeName {
                throw JobStartError(
                    "job \(localConfiguration.jobName) is a \(existing) in ZooKeeper; this instance is a \(typeName)")
            }
            if existing.isEmpty { try await client.setData(paths.root, data: Array(typeName.utf8)) }
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
            for (path, data) in missing { try await client.ensure(path, data: data) }
        }
    }

    /// Writes the configuration when absent (recording the writer's time zone) or when
    /// `overwrite` is set; otherwise adopts ZooKeeper's copy. Returns the copy read back
    /// (watched) with its modification time and data version; an invalid one refuses the job.
    private func loadConfiguration() async throws -> (JobConfiguration, modifiedAt: Int64, version: Int32) {
        let local = localConfiguration.withTimeZone(default: .current)
        let data = Array(local.yaml.utf8)
        do {
            try await client.create(paths.config, data: data)
            logger.info("wrote the job configuration to ZooKeeper")
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            if local.overwrite {
                try await client.setData(paths.config, data: data)
                logger.info("wrote the job configuration to ZooKeeper (overwrite)")
            }
        }
        guard case .configuration(let read, let modifiedAt, let version) = try await reader.configuration() else {
            throw JobStartError("\(paths.config) could not be read")
        }
        switch read {
        case .success(let configuration):
            guard configuration.jobName == localConfiguration.jobName else {
                throw JobStartError("\(paths.config) holds the configuration of job \(configuration.jobName)")
            }
            return (configuration, modifiedAt, version)
        case .failure(let problem):
            throw JobStartError("invalid configuration: \(problem.description)")
        }
    }

    /// Creates `servers/{ip}` (ENABLED, or DISABLED with `disabled: true` or while the job is
    /// paused: `/{job}/pause` exists); never turns an operator's DISABLED back to ENABLED
    /// (ElasticJob does, W-16).
    private func registerServer(_ configuration: JobConfiguration) async throws {
        let path = paths.server(instance.ip)
        var disabled = configuration.disabled
        if !disabled { disabled = try await client.exists(paths.pause) != nil }
        let wanted = disabled ? "DISABLED" : "ENABLED"
        do {
            try await client.create(path, data: Array(wanted.utf8))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            if disabled { try await client.setData(path, data: Array(wanted.utf8)) }
        }
    }
}

/// A reason a job cannot start that retrying does not fix.
struct JobStartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

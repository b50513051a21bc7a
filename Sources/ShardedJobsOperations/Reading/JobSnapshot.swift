import ShardedJobs
import ShardedJobsZooKeeper

/// What one read of a job's subtree found: configuration, instances, servers and items.
///
/// Read by ``JobOperations/snapshot(job:detail:)`` in two rounds of concurrent requests;
/// every view of a job (brief info, status, sharding, instances, watch) is computed from it.
struct JobSnapshot: Sendable {
    /// One `sharding/{item}` node.
    struct ItemNode: Sendable {
        /// The item number.
        var item: Int
        /// The data of `sharding/{item}/instance`, or nil.
        var owner: String?
        /// The item node's children (`instance`, `running`, `disabled`, `failover`, …); empty
        /// unless read in detail.
        var marks: Set<String>
        /// When the item's running execution is stopped by its timeout (epoch ms, ZooKeeper's
        /// clock: the mark's last write plus the timeout it records); read in detail only.
        var stopsAt: Int64? = nil
        /// The attempt the item's running mark records (1 when none runs); read in detail only.
        var attempt = 1
    }

    /// The job's name.
    var jobName: String
    /// The data of `/{job}`: its type.
    var typeName: String
    /// The configuration, or nil when it does not parse.
    var configuration: JobConfiguration?
    /// Why the configuration does not parse.
    var configurationProblem: String?
    /// The live instance ids, sorted.
    var instances: [String]
    /// The data of live instance nodes that parsed (read in detail only), by id.
    var instanceData: [String: InstanceNodeData]
    /// Each server's data (`ENABLED`, `DISABLED`, or what an operator wrote), by IP.
    var servers: [String: String]
    /// The item nodes that exist, ascending.
    var itemNodes: [ItemNode]
    /// The leader's instance id.
    var leader: String?
    /// The data of `/{job}/pause`: the note of a paused job, nil when it is not paused.
    var pauseNote: String?
    /// The drained instance ids (children of `/{job}/drain`; read in detail only).
    var drains: Set<String> = []

    /// Whether a server is enabled: anything but `DISABLED` counts as enabled, as in ElasticJob.
    static func isEnabled(_ data: String) -> Bool { data != "DISABLED" }

    /// The configured number of items, or the number of item nodes without a configuration.
    var shardingTotalCount: Int { configuration?.shardingTotalCount ?? itemNodes.count }

    /// The items to show: every configured item and every existing item node.
    var items: [ShardingInfo] {
        let live = Set(instances)
        var byItem = Dictionary(itemNodes.map { ($0.item, $0) }, uniquingKeysWith: { first, _ in first })
        for item in 0..<shardingTotalCount where byItem[item] == nil {
            byItem[item] = ItemNode(item: item, owner: nil, marks: [])
        }
        return byItem.values.sorted { $0.item < $1.item }.map { node in
            let owner = node.owner.flatMap { $0.isEmpty ? nil : $0 }
            return ShardingInfo(
                item: node.item, serverIp: owner.map(Self.ip(of:)), instanceId: owner,
                status: ShardingStatus.derive(
                    isDisabled: node.marks.contains("disabled"), isRunning: node.marks.contains("running"),
                    hasLiveOwner: owner.map(live.contains) ?? false),
                failover: node.marks.contains("failover") || node.marks.contains("failovering"))
        }
    }

    /// The running items that have a timeout, with the instant each is stopped.
    var runningTimeouts: [RunningTimeout] {
        itemNodes.compactMap { node in
            guard node.marks.contains("running"), let stopsAt = node.stopsAt else { return nil }
            return RunningTimeout(item: node.item, stopsAtMillis: stopsAt)
        }
    }

    /// The running items past their first attempt.
    var runningAttempts: [RunningAttempt] {
        itemNodes.compactMap { node in
            node.marks.contains("running") && node.attempt > 1 ? RunningAttempt(item: node.item, attempt: node.attempt) : nil
        }
    }

    /// Configured items whose owner is missing or not live.
    var itemsWithoutLiveOwner: [Int] {
        let live = Set(instances)
        let owners = Dictionary(itemNodes.map { ($0.item, $0.owner) }, uniquingKeysWith: { first, _ in first })
        return (0..<shardingTotalCount).filter { item in
            guard let owner = owners[item] ?? nil, !owner.isEmpty else { return true }
            return !live.contains(owner)
        }
    }

    /// Why the items are assigned to nobody though instances are live: none on an enabled
    /// server carries the job's label, or every one is drained (DESIGN 12.8), as the leader
    /// decides it; nil otherwise. Needs a full snapshot (the instances' data and the drains).
    var unplacedReason: String? {
        let live = instances.filter { servers[Self.ip(of: $0)].map(Self.isEnabled) ?? true }
        return Placement.unplacedReason(
            label: configuration?.label,
            live: live.map { (labels: instanceData[$0]?.placementLabels ?? [], drained: drains.contains($0)) })
    }

    /// The job's brief info.
    var brief: JobBriefInfo {
        JobBriefInfo(
            jobName: jobName,
            status: JobStatus.derive(
                instanceCount: instances.count, serverStates: servers.values.map(Self.isEnabled),
                itemsWithoutLiveOwner: itemsWithoutLiveOwner.count),
            description: configuration?.description ?? "",
            cron: configuration?.schedule.summary ?? "(invalid configuration: \(configurationProblem ?? "unreadable"))",
            instanceCount: instances.count, shardingTotalCount: shardingTotalCount)
    }

    /// The IP part of an instance id (everything before `@-@`), as ElasticJob takes it.
    static func ip(of instanceID: String) -> String {
        instanceID.firstRange(of: JobInstanceID.delimiter).map { String(instanceID[..<$0.lowerBound]) } ?? instanceID
    }
}

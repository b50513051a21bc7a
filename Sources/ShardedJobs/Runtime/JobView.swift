/// A job's state as this instance's watches keep it: configuration, membership, servers, the
/// assignment and its epoch, disabled items and the resharding flag.
///
/// Fires read it without any ZooKeeper round trip. It is rebuilt on every new session.
struct JobView: Sendable {
    var configuration: JobConfiguration
    /// The scheduler's strategies, in which the leader looks up the configured one.
    let shardingStrategies: ShardingStrategies
    /// Live instances (children of `instances/`).
    var instances: Set<JobInstanceID> = []
    /// Server IP → enabled (children of `servers/` with their data).
    var servers: [String: Bool] = [:]
    /// The data version of `/{job}/sharding`: the fencing epoch of the assignment below.
    var epoch: Int32?
    /// The epoch's value (the node's data).
    var epochValue: Int64 = 0
    /// Item → owning instance (data of `sharding/{item}/instance`), for items that have one.
    var owners: [Int: JobInstanceID] = [:]
    /// Items with a `disabled` node.
    var disabledItems: Set<Int> = []
    /// Whether `leader/sharding/necessary` exists (mirrored into `signals` for running items).
    var reshardingPending = false {
        didSet { signals.setReshardingPending(reshardingPending) }
    }
    /// The signals running items read between rounds; shared by every copy of the view.
    let signals = JobSignals()

    init(configuration: JobConfiguration, shardingStrategies: ShardingStrategies) {
        self.configuration = configuration
        self.shardingStrategies = shardingStrategies
    }

    /// Whether a server is enabled (a server without a node counts as enabled until it has one).
    func isEnabled(server ip: String) -> Bool {
        servers[ip] ?? true
    }

    /// The instances that take part in sharding: live, on enabled servers, in descending
    /// string order (ElasticJob's order).
    var shardingInstances: [JobInstanceID] {
        instances.filter { isEnabled(server: $0.ip) }.sorted { $0.description > $1.description }
    }

    /// The items assigned to an instance, in ascending order.
    func items(ownedBy instance: JobInstanceID) -> [Int] {
        owners.filter { $0.value == instance && $0.key < configuration.shardingTotalCount }.map(\.key).sorted()
    }

    /// Whether the assignment is loaded and no resharding is pending.
    var isStable: Bool { epoch != nil && !reshardingPending }

    /// The assignment the configured strategy computes for the current membership (the
    /// configuration was accepted by this scheduler's settings, so its strategy is known).
    func computedAssignment() -> [Int: JobInstanceID] {
        let candidates = shardingInstances
        guard !candidates.isEmpty else { return [:] }
        let strategy = shardingStrategies[configuration.shardingStrategy ?? .averageAllocation] ?? AverageAllocationStrategy()
        let sharding = strategy.sharding(
            candidates, jobName: configuration.jobName, shardingTotalCount: configuration.shardingTotalCount)
        var assignment: [Int: JobInstanceID] = [:]
        for (instance, items) in sharding {
            for item in items { assignment[item] = instance }
        }
        return assignment
    }

    /// Whether the stored assignment differs from what the strategy computes now (or items
    /// beyond the count remain, or an item has no live owner).
    func needsResharding() -> Bool {
        if reshardingPending { return true }
        let computed = computedAssignment()
        guard !computed.isEmpty else { return false }
        let count = configuration.shardingTotalCount
        if owners.keys.contains(where: { $0 >= count }) { return true }
        if configuration.staticSharding {
            // ElasticJob's static sharding: once every item has an owner, membership changes do
            // not reshard (only the `necessary` flag or a count change does).
            return (0..<count).contains { owners[$0] == nil }
        }
        return (0..<count).contains { owners[$0] != computed[$0] }
    }
}

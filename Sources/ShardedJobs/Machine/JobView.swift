/// A job's state as this instance's watches keep it: configuration, membership, servers, the
/// assignment and its epoch, disabled items and the resharding flag.
///
/// Fires read it without any ZooKeeper round trip. It is rebuilt on every new session.
struct JobView: Sendable, Hashable {
    var configuration: JobConfiguration
    /// Live instances (children of `instances/`).
    var instances: Set<JobInstanceID> = []
    /// The placement labels of live instances, read from their nodes while the job has a
    /// `label` (DESIGN 12.8); an instance missing here has labels not read yet.
    var labels: [JobInstanceID: Set<String>] = [:]
    /// The instances being drained (children of `/{job}/drain`): the leader gives their items
    /// to the others (DESIGN 12.8).
    var drains: Set<JobInstanceID> = []
    /// The load reports of the processes running `LOAD_AWARE` jobs, by process (`{ip}@-@{pid}`),
    /// read only while this instance leads a `LOAD_AWARE` job.
    var loads: [JobInstanceID: LoadReport] = [:]
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
    /// Whether the job is paused (`/{job}/pause` exists), as read with our server's state
    /// whenever that was read `DISABLED`: a pause and its end change both in one multi-op.
    var paused = false
    /// Whether `leader/sharding/necessary` exists.
    var reshardingPending = false
    /// Whether a newer configuration is being read: its watch fired while the registration
    /// read the view, so the configuration above may be older than the rest (a slow link).
    var configurationPending = false
    /// The data version of the configuration node the configuration above was read from (or
    /// of a later, invalid one the instance ignores): claims and skips computed from it check
    /// it, so none lands after a change it has not read yet (simulator seed 782041).
    var configurationVersion: Int32?

    init(configuration: JobConfiguration) {
        self.configuration = configuration
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

    /// The items a fire runs in the whole cluster: owned by a live instance on an enabled
    /// server, below the item count, not disabled (the distribute-once barrier counts them).
    var assignedItems: Set<Int> {
        let live = Set(shardingInstances)
        return Set(
            owners.filter { item, owner in
                item < configuration.shardingTotalCount && live.contains(owner) && !disabledItems.contains(item)
            }.keys)
    }

    /// Whether the assignment is loaded, no resharding is pending and the configuration is
    /// current: fires and catch-ups wait until then.
    var isStable: Bool { epoch != nil && !reshardingPending && !configurationPending }

    /// The instances the job's items may go to: the sharding instances that are not drained
    /// and carry the job's `label` (any when it has none), in the same order; nil while the
    /// labels of one of them are being read.
    var eligibleInstances: [JobInstanceID]? {
        let undrained = shardingInstances.filter { !drains.contains($0) }
        guard let label = configuration.label else { return undrained }
        var eligible: [JobInstanceID] = []
        for candidate in undrained {
            guard let carried = labels[candidate] else { return nil }
            if carried.contains(label) { eligible.append(candidate) }
        }
        return eligible
    }

    /// Why the job's items are assigned to nobody though instances are live: none carries its
    /// `label`, or every one that may run it is drained (DESIGN 12.8); nil otherwise.
    var unplacedReason: String? {
        Placement.unplacedReason(
            label: configuration.label, live: shardingInstances.map { (labels: labels[$0], drained: drains.contains($0)) })
    }

    /// The assignment the configured strategy, looked up in the scheduler's `strategies`,
    /// computes for the eligible instances (the configuration was accepted by those
    /// strategies, so its name is known): empty when there is none (the items go to nobody);
    /// nil while the labels of an instance are being read.
    func computedAssignment(_ strategies: ShardingStrategies) -> [Int: JobInstanceID]? {
        guard let candidates = eligibleInstances else { return nil }
        guard !candidates.isEmpty else { return [:] }
        let strategy = strategies[configuration.shardingStrategy ?? .averageAllocation] ?? AverageAllocationStrategy()
        let sharding = strategy.sharding(
            candidates, jobName: configuration.jobName, shardingTotalCount: configuration.shardingTotalCount)
        var assignment: [Int: JobInstanceID] = [:]
        for (instance, items) in sharding {
            for item in items { assignment[item] = instance }
        }
        return assignment
    }

    /// Whether the stored assignment differs from what the strategy computes now (or items
    /// beyond the count remain, or an item has no live owner). With no live instance on an
    /// enabled server only the flag reshards; with live ones none of which carries the label,
    /// the items go to nobody.
    func needsResharding(_ strategies: ShardingStrategies) -> Bool {
        if reshardingPending { return true }
        guard let computed = computedAssignment(strategies), !shardingInstances.isEmpty else { return false }
        let count = configuration.shardingTotalCount
        if owners.keys.contains(where: { $0 >= count }) { return true }
        if configuration.shardingStrategy == .spread || configuration.shardingStrategy == .loadAware {
            // SPREAD and LOAD_AWARE: an item without an eligible owner; the pool's balance and
            // the load are the leader's own checks (`checkSpread`, `judgeLoads`).
            let eligible = Set(eligibleInstances ?? [])
            return (0..<count).contains { item in owners[item].map { !eligible.contains($0) } ?? !eligible.isEmpty }
        }
        if configuration.staticSharding {
            // ElasticJob's static sharding: once every item has an owner, membership changes do
            // not reshard (only the `necessary` flag or a count change does) — nor does a label
            // no instance carries; a live owner the label or a drain excludes does.
            let excluded = Set(shardingInstances).subtracting(eligibleInstances ?? shardingInstances)
            return (0..<count).contains { item in owners[item].map { excluded.contains($0) } ?? (computed[item] != nil) }
        }
        return (0..<count).contains { owners[$0] != computed[$0] }
    }
}

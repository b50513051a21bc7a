/// `LOAD_AWARE` (DESIGN 12.8): items go to the processes with spare capacity, in proportion to
/// it, and a process over the job's limits gets none.
///
/// Every process that runs a `LOAD_AWARE` job reports its load in
/// `/.sharded-jobs/load/{ip}@-@{pid}` (``SchedulerSettings/loadProbe``, at most every
/// ``SchedulerSettings/loadReportInterval``). The job's leader excludes a process whose last
/// two samples are both above `sharded.loadAware.maxCpuLoadPerCore` or
/// `sharded.loadAware.maxMemoryRatio`, and readmits it once two are below 90 % of both; it
/// splits the items over the others by spare capacity (1 minus the larger share of a limit)
/// with largest-remainder rounding, keeping as many items as it can where they are. A
/// resharding caused by load alone happens at most once per `sharded.loadAware.minInterval`;
/// one caused by membership happens at once. When every eligible process is over a limit the
/// items are split evenly over all of them: overloaded is better than not run.
///
/// Without load reports — ``sharding(_:jobName:shardingTotalCount:)`` — it is average allocation.
public struct LoadAwareStrategy: JobShardingStrategy {
    /// Creates the strategy; its settings are the job's `sharded.loadAware.*` props.
    public init() {}

    /// The name `LOAD_AWARE`; ``ShardingStrategyName/loadAware``.
    public var name: ShardingStrategyName { .loadAware }

    /// Average allocation: what `LOAD_AWARE` gives when no process has reported its load.
    public func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        Self.averageAllocation(instances, shardingTotalCount: shardingTotalCount)
    }

    /// The assignment of `itemCount` items over `candidates` weighted by `weights` (their
    /// spare capacity, one per candidate): each gets its share of the items rounded down, the
    /// items left over go to the largest remainders (ties in `candidates`' order); all weights
    /// zero count as equal. An item stays with its owner while the owner is under its share;
    /// the rest fill the others in `candidates`' order. Empty without candidates.
    static func assign(
        itemCount: Int, candidates: [JobInstanceID], weights: [Double], owners: [Int: JobInstanceID]
    ) -> [Int: JobInstanceID] {
        guard !candidates.isEmpty, itemCount > 0 else { return [:] }
        var shares = candidates.indices.map { index in index < weights.count && weights[index].isFinite ? max(0, weights[index]) : 0 }
        var total = shares.reduce(0, +)
        if total <= 0 {
            shares = shares.map { _ in 1 }
            total = Double(shares.count)
        }
        let quotas = shares.map { $0 / total * Double(itemCount) }
        var targets = quotas.map { Int($0.rounded(.down)) }
        let byRemainder = candidates.indices.sorted { a, b in
            let ra = quotas[a] - Double(targets[a])
            let rb = quotas[b] - Double(targets[b])
            return ra != rb ? ra > rb : a < b
        }
        for index in byRemainder.prefix(max(0, itemCount - targets.reduce(0, +))) { targets[index] += 1 }
        let position = Dictionary(candidates.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var counts = Array(repeating: 0, count: candidates.count)
        var assignment: [Int: JobInstanceID] = [:]
        for item in 0..<itemCount {
            guard let owner = owners[item], let index = position[owner], counts[index] < targets[index] else { continue }
            assignment[item] = owner
            counts[index] += 1
        }
        var next = 0
        for item in 0..<itemCount where assignment[item] == nil {
            while next < candidates.count - 1, counts[next] >= targets[next] { next += 1 }
            assignment[item] = candidates[next]
            counts[next] += 1
        }
        return assignment
    }
}

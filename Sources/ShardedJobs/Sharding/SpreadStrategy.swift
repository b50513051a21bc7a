/// `SPREAD` (DESIGN 12.8): balances the number of items each process runs across every job of
/// the namespace that uses it — 100 one-item jobs on 4 processes give 25 each, where average
/// allocation gives the first process all 100 — and moves as few items as possible when a
/// process or a job comes or goes.
///
/// A job's leader decides under the namespace mutex `/.sharded-jobs/spread/lock`, after a
/// `sync`, from the other SPREAD jobs' summaries (`/.sharded-jobs/spread/{job}`: how many of
/// their items each process owns), and writes its own summary before it releases the mutex: the
/// leaders decide one at a time, each seeing every earlier decision (`assign(itemCount:candidates:owners:pool:)`).
/// Without the pool — ``sharding(_:jobName:shardingTotalCount:)`` — it is average allocation.
public struct SpreadStrategy: JobShardingStrategy {
    /// Creates the strategy; it has no settings.
    public init() {}

    /// The name `SPREAD`; ``ShardingStrategyName/spread``.
    public var name: ShardingStrategyName { .spread }

    /// Average allocation: what `SPREAD` gives a job that is alone in its pool and starts from
    /// no assignment. The leader uses `assign(itemCount:candidates:owners:pool:)`.
    public func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        Self.averageAllocation(instances, shardingTotalCount: shardingTotalCount)
    }

    /// One job's assignment within its pool: with P the pool's items on the candidates (this
    /// job's and the others' from `pool`) and n candidates, an item keeps its owner while the
    /// owner is a candidate at or under ⌈P/n⌉; the rest go one at a time to the candidate with
    /// the lowest count, ties in `candidates`' order. Empty without candidates.
    ///
    /// - Parameters:
    ///   - itemCount: The job's items.
    ///   - candidates: The eligible instances, in ElasticJob's order.
    ///   - owners: The job's current owners.
    ///   - pool: How many items of the pool's other jobs each process owns.
    static func assign(
        itemCount: Int, candidates: [JobInstanceID], owners: [Int: JobInstanceID], pool: [JobInstanceID: Int]
    ) -> [Int: JobInstanceID] {
        guard !candidates.isEmpty else { return [:] }
        var counts = Dictionary(uniqueKeysWithValues: candidates.map { ($0, pool[$0] ?? 0) })
        let total = counts.values.reduce(itemCount, +)
        let cap = (total + candidates.count - 1) / candidates.count
        var assignment: [Int: JobInstanceID] = [:]
        for item in 0..<itemCount {
            guard let owner = owners[item], let count = counts[owner], count < cap else { continue }
            assignment[item] = owner
            counts[owner] = count + 1
        }
        for item in 0..<itemCount where assignment[item] == nil {
            let lowest = candidates.min { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? candidates[0]
            assignment[item] = lowest
            counts[lowest, default: 0] += 1
        }
        return assignment
    }
}

/// ElasticJob's `AVG_ALLOCATION` strategy, the default: items split evenly in instance order.
///
/// With n instances, q = N / n and r = N % n, the instance at position p
/// gets items `p*q ..< p*q+q`; the leftover items `q*n ..< q*n+r` then go
/// one each to the instances at positions `0 ..< r`.
///
/// With instances in the order [C, B, A]:
///
/// | items | C | B | A |
/// |---|---|---|---|
/// | 9 | 0, 1, 2 | 3, 4, 5 | 6, 7, 8 |
/// | 8 | 0, 1, 6 | 2, 3, 7 | 4, 5 |
///
/// With [B, A] and 9 items, B gets 0, 1, 2, 3, 8 and A gets 4, 5, 6, 7.
///
/// The job name plays no part, so every job with the same instances and
/// count gets the same assignment, and the first instances in the order
/// (the highest instance ids) get the leftover items.
///
/// Choose it when a job's items should stay in contiguous ranges per
/// instance, or when most jobs have a count divisible by the number of
/// instances. When a process runs many jobs whose counts leave leftover
/// items, ``OdevityStrategy`` or ``RoundRobinStrategy`` spread the leftovers
/// over the instances instead of loading the first ones.
///
/// The result is identical to ElasticJob-Lite 3.0's
/// `AverageAllocationJobShardingStrategy` for the same instance order, so a
/// namespace moved between the two keeps its assignment.
public struct AverageAllocationStrategy: JobShardingStrategy {
    /// Creates the strategy; it has no settings.
    ///
    /// All values are equal and stateless.
    public init() {}

    /// The name `AVG_ALLOCATION`.
    ///
    /// As spelled by ElasticJob; ``ShardingStrategyName/averageAllocation``.
    public var name: ShardingStrategyName { .averageAllocation }

    /// Splits the items evenly over `instances` in the given order.
    ///
    /// See the type's discussion for the exact rule; `jobName` is not used.
    public func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        Self.averageAllocation(instances, shardingTotalCount: shardingTotalCount)
    }
}

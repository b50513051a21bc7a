/// Decides which instance runs which items of a job.
///
/// The leader calls ``sharding(_:jobName:shardingTotalCount:)`` at every
/// resharding with the job's available instances in ElasticJob's order (the
/// children of `instances/` in descending string order, filtered to enabled
/// servers) and writes the result to `sharding/{item}/instance`.
///
/// An implementation must be a pure function of its arguments (every process
/// of the cluster may become leader and must compute the same assignment)
/// and must assign every item in `0..<shardingTotalCount` to exactly one of
/// the given instances. Every given instance appears in the result, with an
/// empty list if it gets no item.
///
/// The built-in strategies are ``AverageAllocationStrategy`` (`AVG_ALLOCATION`, the
/// default), ``OdevityStrategy`` (`ODEVITY`) and ``RoundRobinStrategy`` (`ROUND_ROBIN`),
/// also spelled `.averageAllocation`, `.odevity` and `.roundRobin` where a strategy is
/// expected, and our ``SpreadStrategy`` (`SPREAD`) and ``LoadAwareStrategy`` (`LOAD_AWARE`),
/// whose leaders also read what the cluster reports (the pool's summaries, the load reports). Register a custom one in the scheduler's
/// ``SchedulerSettings/shardingStrategies`` (in every process of the cluster) and name it in
/// ``JobConfiguration/shardingStrategy``. Most custom strategies reorder the instances and
/// then call ``averageAllocation(_:shardingTotalCount:)``:
///
/// ```swift
/// struct ReversedStrategy: JobShardingStrategy {
///     var name: ShardingStrategyName { "REVERSED" }
///     func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
///         Self.averageAllocation(instances.reversed(), shardingTotalCount: shardingTotalCount)
///     }
/// }
/// var settings = SchedulerSettings()
/// try settings.shardingStrategies.register(ReversedStrategy())
/// ```
public protocol JobShardingStrategy: Sendable {
    /// The name that selects this strategy in a configuration, such as `AVG_ALLOCATION`.
    ///
    /// Stable across versions and processes: it is what `jobShardingStrategyType` stores.
    var name: ShardingStrategyName { get }

    /// The items each instance runs, for every instance in `instances`.
    ///
    /// `instances` is in ElasticJob's order and has no duplicates; the result
    /// has one entry per instance, and its lists together hold every item in
    /// `0..<shardingTotalCount` exactly once.
    func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]]
}

extension JobShardingStrategy {
    /// ElasticJob's average allocation of `shardingTotalCount` items over `instances`, in order.
    ///
    /// With n instances, q = N / n and r = N % n, the instance at position p
    /// gets items `p*q ..< p*q+q`, then the leftover items `q*n ..< q*n+r` go
    /// one each to the instances at positions `0 ..< r`. Repeated instances
    /// count once, at their first position; no instances give an empty result.
    public static func averageAllocation(
        _ instances: some Sequence<JobInstanceID>,
        shardingTotalCount: Int
    ) -> [JobInstanceID: [Int]] {
        var seen = Set<JobInstanceID>()
        let unique = instances.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [:] }
        let total = max(0, shardingTotalCount)
        let quotient = total / unique.count
        let remainder = total % unique.count
        var result = [JobInstanceID: [Int]](minimumCapacity: unique.count)
        for (position, instance) in unique.enumerated() {
            let start = position * quotient
            var items = Array(start ..< start + quotient)
            if position < remainder { items.append(quotient * unique.count + position) }
            result[instance] = items
        }
        return result
    }

    /// Java's `String.hashCode` of `string`: over UTF-16 code units, `h = 31*h + c`, wrapping at 32 bits.
    ///
    /// ElasticJob's `ODEVITY` and `ROUND_ROBIN` strategies order instances by
    /// the job name's hash; this gives the same value as the JVM, for example
    /// `99162322` for `hello` and `Int32.min` for `polygenelubricants`.
    public static func javaHashCode(_ string: String) -> Int32 {
        var hash: Int32 = 0
        for unit in string.utf16 {
            hash = hash &* 31 &+ Int32(unit)
        }
        return hash
    }
}

extension JobShardingStrategy where Self == AverageAllocationStrategy {
    /// `AVG_ALLOCATION`, the default: items split evenly in instance order.
    public static var averageAllocation: AverageAllocationStrategy { AverageAllocationStrategy() }
}

extension JobShardingStrategy where Self == OdevityStrategy {
    /// `ODEVITY`: average allocation, reversed for jobs whose name hash is even.
    public static var odevity: OdevityStrategy { OdevityStrategy() }
}

extension JobShardingStrategy where Self == RoundRobinStrategy {
    /// `ROUND_ROBIN`: average allocation after a rotation by the job name's hash.
    public static var roundRobin: RoundRobinStrategy { RoundRobinStrategy() }
}

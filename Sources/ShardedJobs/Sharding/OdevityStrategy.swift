/// ElasticJob's `ODEVITY` strategy: average allocation, in reverse order for jobs whose name hash is even.
///
/// h is Java's `String.hashCode` of the job name (see
/// ``JobShardingStrategy/javaHashCode(_:)``). If h is even (`h % 2 == 0`,
/// truncating remainder, so negative odd hashes count as odd), the instance
/// list is reversed; then the items are split as by
/// ``AverageAllocationStrategy``.
///
/// The point is to spread the leftover items of many jobs over different
/// instances: with average allocation alone the first instances in the order
/// get every job's leftover items. With two orders only (forward and
/// reversed) the spread is coarse; ``RoundRobinStrategy`` uses n rotations.
///
/// The result is identical to ElasticJob-Lite 3.0's
/// `OdevitySortByNameJobShardingStrategy` for the same instance order. The
/// hash is taken over UTF-16 code units, as the JVM does, so names outside
/// the Basic Multilingual Plane (emoji) hash as in Java too; the strategy
/// never fails, whatever the name.
///
/// With instances [C, B, A] and 8 items:
///
/// | job name | h | order | assignment |
/// |---|---|---|---|
/// | `hello` | 99162322 (even) | [A, B, C] | A = 0, 1, 6; B = 2, 3, 7; C = 4, 5 |
/// | `a` | 97 (odd) | [C, B, A] | C = 0, 1, 6; B = 2, 3, 7; A = 4, 5 |
public struct OdevityStrategy: JobShardingStrategy {
    /// Creates the strategy; it has no settings.
    ///
    /// All values are equal and stateless.
    public init() {}

    /// The name `ODEVITY`.
    ///
    /// As spelled by ElasticJob; ``ShardingStrategyName/odevity``.
    public var name: ShardingStrategyName { .odevity }

    /// Average allocation over `instances`, reversed first when the job name's hash is even.
    ///
    /// See the type's discussion for the exact rule.
    public func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        let hash = Self.javaHashCode(jobName)
        let ordered = hash % 2 == 0 ? Array(instances.reversed()) : instances
        return Self.averageAllocation(ordered, shardingTotalCount: shardingTotalCount)
    }
}

/// ElasticJob's `ROUND_ROBIN` strategy: average allocation after rotating the instances by the job name's hash.
///
/// h is Java's `String.hashCode` of the job name (see
/// ``JobShardingStrategy/javaHashCode(_:)``). With n instances the list is
/// rotated left by `|h| % n`, so the instance at position `|h| % n` comes
/// first; then the items are split as by ``AverageAllocationStrategy``.
///
/// |h| is computed in 64 bits. Java's `Math.abs` leaves `Int32.min`
/// negative, so ElasticJob computes a negative offset for a job whose name
/// hashes to it (`polygenelubricants` does) and fails; here that job gets
/// the offset `2147483648 % n`. For every other name the result is identical
/// to ElasticJob-Lite 3.0's `RotateServerByNameJobShardingStrategy`.
///
/// Jobs with different names start their allocation at different
/// instances, so the leftover items of many jobs spread over all instances.
/// A job keeps its rotation as long as the number of instances stays the
/// same; a join or leave changes `n` and so usually the offset.
///
/// With instances [C, B, A] and 8 items:
///
/// | job name | h | offset | order | assignment |
/// |---|---|---|---|---|
/// | `a` | 97 | 1 | [B, A, C] | B = 0, 1, 6; A = 2, 3, 7; C = 4, 5 |
/// | `hello` | 99162322 | 1 | [B, A, C] | B = 0, 1, 6; A = 2, 3, 7; C = 4, 5 |
/// | `polygenelubricants` | -2147483648 | 2 | [A, C, B] | A = 0, 1, 6; C = 2, 3, 7; B = 4, 5 |
public struct RoundRobinStrategy: JobShardingStrategy {
    /// Creates the strategy; it has no settings.
    ///
    /// All values are equal and stateless.
    public init() {}

    /// The name `ROUND_ROBIN`.
    ///
    /// As spelled by ElasticJob; ``ShardingStrategyName/roundRobin``.
    public var name: ShardingStrategyName { .roundRobin }

    /// Average allocation over `instances` rotated left by `|h| % n`.
    ///
    /// See the type's discussion for the exact rule.
    public func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        guard !instances.isEmpty else { return [:] }
        let offset = Int(Int64(Self.javaHashCode(jobName)).magnitude % UInt64(instances.count))
        let rotated = Array(instances[offset...] + instances[..<offset])
        return Self.averageAllocation(rotated, shardingTotalCount: shardingTotalCount)
    }
}

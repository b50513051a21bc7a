/// The name of a sharding strategy, as stored in a configuration's `jobShardingStrategyType`.
///
/// The built-in names are ElasticJob's: ``averageAllocation`` (`AVG_ALLOCATION`, the
/// default), ``odevity`` (`ODEVITY`) and ``roundRobin`` (`ROUND_ROBIN`). A custom strategy
/// has a name of its own, registered with the strategy in
/// ``SchedulerSettings/shardingStrategies``:
///
/// ```swift
/// configuration.shardingStrategy = .roundRobin
/// configuration.shardingStrategy = "REVERSED"          // a custom strategy's name
/// ```
///
/// Names are case-sensitive, as in ElasticJob.
public struct ShardingStrategyName: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The name as stored, such as `AVG_ALLOCATION`.
    public let rawValue: String

    /// Wraps a name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal name.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// `AVG_ALLOCATION`: items split evenly in instance order (``AverageAllocationStrategy``), the default.
    public static let averageAllocation = ShardingStrategyName("AVG_ALLOCATION")
    /// `ODEVITY`: average allocation, reversed for jobs whose name hash is even (``OdevityStrategy``).
    public static let odevity = ShardingStrategyName("ODEVITY")
    /// `ROUND_ROBIN`: average allocation after a rotation by the job name's hash (``RoundRobinStrategy``).
    public static let roundRobin = ShardingStrategyName("ROUND_ROBIN")
    /// `SPREAD`: items balanced per process across the namespace's SPREAD jobs (``SpreadStrategy``).
    public static let spread = ShardingStrategyName("SPREAD")
    /// `LOAD_AWARE`: items split by the processes' spare capacity, none to an overloaded one
    /// (``LoadAwareStrategy``).
    public static let loadAware = ShardingStrategyName("LOAD_AWARE")

    /// The name as stored.
    public var description: String { rawValue }

    /// Orders names by their text.
    public static func < (lhs: ShardingStrategyName, rhs: ShardingStrategyName) -> Bool { lhs.rawValue < rhs.rawValue }
}

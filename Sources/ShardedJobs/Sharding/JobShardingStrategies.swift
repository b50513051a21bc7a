import Synchronization

/// The process-wide registry of sharding strategies, looked up by type name.
///
/// It holds the built-in strategies `AVG_ALLOCATION`
/// (``AverageAllocationStrategy``), `ODEVITY` (``OdevityStrategy``) and
/// `ROUND_ROBIN` (``RoundRobinStrategy``) from the start. Register custom
/// strategies once at start-up, before registering the jobs that name them:
///
/// ```swift
/// JobShardingStrategies.register(ReversedStrategy())
/// let configuration = JobConfiguration(name: "report", cron: "0 0 * * * ?", shardingTotalCount: 4,
///                                      jobShardingStrategyType: "REVERSED")
/// ```
///
/// Every process of the cluster must register the same strategies, because
/// whichever instance is leader computes the assignment. A configuration that
/// names an unknown type fails ``JobConfiguration/validate()``. The registry
/// is safe to use from any thread; lookups take a short lock.
public enum JobShardingStrategies {
    /// The type names of the built-in strategies, which cannot be replaced.
    ///
    /// `AVG_ALLOCATION`, `ODEVITY` and `ROUND_ROBIN`.
    public static let builtInTypes: [String] = [
        AverageAllocationStrategy.typeName, OdevityStrategy.typeName, RoundRobinStrategy.typeName,
    ]

    private static let registry = Mutex<[String: any JobShardingStrategy]>([
        AverageAllocationStrategy.typeName: AverageAllocationStrategy(),
        OdevityStrategy.typeName: OdevityStrategy(),
        RoundRobinStrategy.typeName: RoundRobinStrategy(),
    ])

    /// The strategy registered under `type`, or `nil` if there is none.
    ///
    /// Names are case-sensitive, as in ElasticJob. Use
    /// ``JobConfiguration/effectiveShardingStrategyType`` for a configuration,
    /// which maps a missing type to `AVG_ALLOCATION`.
    public static func strategy(named type: String) -> (any JobShardingStrategy)? {
        registry.withLock { $0[type] }
    }

    /// Registers `strategy` under its ``JobShardingStrategy/type``, replacing a custom one of that name.
    ///
    /// Returns `false`, and changes nothing, when the type is empty or names a
    /// built-in strategy (see ``builtInTypes``); `true` otherwise.
    @discardableResult
    public static func register(_ strategy: any JobShardingStrategy) -> Bool {
        let type = strategy.type
        guard !type.isEmpty, !builtInTypes.contains(type) else { return false }
        registry.withLock { $0[type] = strategy }
        return true
    }

    /// Removes the custom strategy registered under `type`.
    ///
    /// Returns whether one was removed; built-in strategies stay.
    @discardableResult
    public static func unregister(type: String) -> Bool {
        guard !builtInTypes.contains(type) else { return false }
        return registry.withLock { $0.removeValue(forKey: type) != nil }
    }

    /// The type names of every registered strategy, sorted.
    ///
    /// Includes the built-in ones; used in error messages.
    public static var registeredTypes: [String] {
        registry.withLock { $0.keys.sorted() }
    }
}

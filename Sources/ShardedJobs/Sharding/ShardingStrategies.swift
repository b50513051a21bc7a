/// The sharding strategies a scheduler knows, by name: the built-in ones and the custom ones
/// registered in its ``SchedulerSettings``.
///
/// ```swift
/// var settings = SchedulerSettings()
/// try settings.shardingStrategies.register(ReversedStrategy())        // name "REVERSED"
/// let scheduler = JobScheduler(zooKeeper: zooKeeper, settings: settings, logger: logger)
/// configuration.shardingStrategy = "REVERSED"
/// ```
///
/// `AVG_ALLOCATION`, `ODEVITY`, `ROUND_ROBIN`, `SPREAD` and `LOAD_AWARE` are always there and cannot be replaced.
/// Whichever instance leads a job computes its assignment with its own scheduler's table, so
/// every process of the cluster must register the same custom strategies. A configuration
/// naming a strategy the table does not hold is refused at `register`, and a configuration
/// changed in ZooKeeper to name one is ignored (the job keeps its last good configuration),
/// with an error naming `jobShardingStrategyType` and the name.
public struct ShardingStrategies: Sendable {
    private var table = NamedComponents<ShardingStrategyName, any JobShardingStrategy>(
        key: "jobShardingStrategyType", kind: "sharding strategy", registry: "SchedulerSettings.shardingStrategies",
        builtIn: [
            .averageAllocation: AverageAllocationStrategy(), .odevity: OdevityStrategy(), .roundRobin: RoundRobinStrategy(),
            .spread: SpreadStrategy(), .loadAware: LoadAwareStrategy(),
        ])

    /// The built-in strategies only.
    public init() {}

    /// The built-in names: `AVG_ALLOCATION`, `ODEVITY`, `ROUND_ROBIN`, `SPREAD`, `LOAD_AWARE`.
    public var builtInNames: [ShardingStrategyName] { table.builtInNames }

    /// Every known name, built-in and custom, sorted.
    public var names: [ShardingStrategyName] { table.names }

    /// The strategy registered under `name`, if any.
    public subscript(name: ShardingStrategyName) -> (any JobShardingStrategy)? { table[name] }

    /// Registers a custom strategy under its ``JobShardingStrategy/name``, replacing a custom
    /// one of that name.
    ///
    /// Throws ``JobConfigurationError`` for an empty name and for a built-in one.
    public mutating func register(_ strategy: some JobShardingStrategy) throws(JobConfigurationError) {
        try table.register(strategy, named: strategy.name)
    }

    /// Removes a custom strategy; returns whether one was registered under `name`.
    @discardableResult
    public mutating func remove(_ name: ShardingStrategyName) -> Bool { table.remove(name) }

    /// The strategy a configuration names (`AVG_ALLOCATION` when it names none).
    ///
    /// Throws ``JobConfigurationError`` (code `unknownName`, key `jobShardingStrategyType`)
    /// when the name is not known here.
    public func strategy(for configuration: JobConfiguration) throws(JobConfigurationError) -> any JobShardingStrategy {
        try table.resolve(configuration.shardingStrategy ?? .averageAllocation)
    }
}

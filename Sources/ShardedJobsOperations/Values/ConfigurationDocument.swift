import ShardedJobs

/// A job configuration as a JSON-friendly value with ElasticJob's field names and wire forms.
///
/// The form `shardctl config get --json` prints and a console serves:
/// `jobName`, `cron` (or `fixedRate`), `timeZone`, `shardingTotalCount`,
/// `shardingItemParameters` (the `0=a,1=b` string), `jobParameter`,
/// `monitorExecution`, `failover`, `misfire`, `maxTimeDiffSeconds`,
/// `reconcileIntervalMinutes`, `jobShardingStrategyType`,
/// `jobExecutorThreadPoolSizeProviderType`, `jobErrorHandlerType`,
/// `jobListenerTypes`, `description`, `props`, `disabled`, `overwrite`,
/// `staticSharding`; unset optional keys are absent.
public struct ConfigurationDocument: Sendable, Hashable, Codable {
    /// The job's name.
    public var jobName: String
    /// The cron expression; absent for a fixed-rate job.
    public var cron: String?
    /// A fixed-rate job's rate (`3s`, DESIGN 12.7); absent for a cron job.
    public var fixedRate: String?
    /// The time zone of the cron expression, if recorded.
    public var timeZone: String?
    /// The number of items.
    public var shardingTotalCount: Int
    /// The item parameters as stored, such as `0=a,1=b`.
    public var shardingItemParameters: String
    /// The parameter passed to every item.
    public var jobParameter: String
    /// Whether executions are marked `running`.
    public var monitorExecution: Bool
    /// Whether a crashed instance's items are re-run elsewhere.
    public var failover: Bool
    /// Whether a fire missed while running is run afterwards.
    public var misfire: Bool
    /// The tolerated clock difference in whole seconds; negative (`-1`) disables the check.
    public var maxTimeDiffSeconds: Int
    /// How often the leader repairs the job's nodes, in whole minutes; 0 disables it.
    public var reconcileIntervalMinutes: Int
    /// The sharding strategy, if not the default.
    public var jobShardingStrategyType: String?
    /// ElasticJob's pool sizing type, kept unchanged.
    public var jobExecutorThreadPoolSizeProviderType: String?
    /// The error handler, if not the default.
    public var jobErrorHandlerType: String?
    /// ElasticJob's listener classes, kept unchanged (not used here).
    public var jobListenerTypes: [String]
    /// The free-text description.
    public var description: String
    /// The props of job types and extensions.
    public var props: [String: String]
    /// Whether servers start out disabled.
    public var disabled: Bool
    /// Whether a starting instance overwrites the stored configuration.
    public var overwrite: Bool
    /// Whether items keep their owners on membership changes.
    public var staticSharding: Bool

    /// The document of a configuration.
    ///
    /// Every field is copied; item parameters are formatted as stored.
    public init(_ configuration: JobConfiguration) {
        jobName = configuration.jobName
        cron = configuration.schedule.cron
        fixedRate = configuration.schedule.fixedRate.map(DurationText.format)
        timeZone = configuration.schedule.timeZoneIdentifier
        shardingTotalCount = configuration.shardingTotalCount
        shardingItemParameters = ShardingItemParameters.format(configuration.shardingItemParameters)
        jobParameter = configuration.jobParameter
        monitorExecution = configuration.monitorExecution
        failover = configuration.failover
        misfire = configuration.misfire
        maxTimeDiffSeconds = configuration.maxTimeDiffSeconds
        reconcileIntervalMinutes = configuration.reconcileIntervalMinutes
        jobShardingStrategyType = configuration.shardingStrategy?.rawValue
        jobExecutorThreadPoolSizeProviderType = configuration.jobExecutorThreadPoolSizeProviderType
        jobErrorHandlerType = configuration.errorHandler?.rawValue
        jobListenerTypes = configuration.jobListenerTypes
        description = configuration.description
        props = configuration.props
        disabled = configuration.disabled
        overwrite = configuration.overwrite
        staticSharding = configuration.staticSharding
    }
}

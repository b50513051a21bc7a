import ShardedJobsCron

/// The configuration of one job: ElasticJob-Lite 3.0's settings as Swift values.
///
/// Stored in the job's `config` znode as ElasticJob's YAML (see ``yaml`` and
/// ``init(yaml:)-(String)``), readable and editable with `zkCli`; each property's YAML key, wire form
/// and default are in `docs/configuration.md`. Only ``jobName``, ``schedule`` and
/// ``shardingTotalCount`` have no default:
///
/// ```swift
/// var configuration = JobConfiguration(
///     name: "order-sync", schedule: try .cron("0/10 * * * * ?"), shardingTotalCount: 6,
///     shardingItemParameters: [0: "north", 1: "south"])
/// configuration.shardingStrategy = .roundRobin
/// configuration.maxTimeDiff = .seconds(5)
/// try configuration.validate()
/// ```
///
/// The schedule is checked when it is made; ``validate()`` checks the rest and names the
/// first wrong key. Strategy and error-handler names are resolved by the scheduler that runs
/// the job (``SchedulerSettings``).
public struct JobConfiguration: Sendable, Hashable {
    /// The largest accepted ``shardingTotalCount``.
    ///
    /// It keeps a resharding multi-op (one operation per item and a few more)
    /// well below ZooKeeper's default 1 MB request limit.
    public static let maximumShardingTotalCount = 5000

    /// The job's name, which is also its znode below the namespace (YAML `jobName`).
    ///
    /// Letters, digits, `.`, `_` and `-`; see ``validate()``.
    public var jobName: String
    /// When the job fires: its cron expression and time zone (YAML `cron` and `timeZone`).
    public var schedule: JobSchedule {
        didSet { deferredScheduleError = nil }
    }
    /// The number of items the job is split into, `1...5000` (YAML `shardingTotalCount`).
    ///
    /// Items are numbered from 0.
    public var shardingTotalCount: Int
    /// An optional parameter per item, passed to the item's execution.
    ///
    /// Stored as ElasticJob's single string `0=north,1=south` (YAML
    /// `shardingItemParameters`); see ``ShardingItemParameters``.
    public var shardingItemParameters: [Int: String]
    /// A parameter passed to every item of the job (YAML `jobParameter`); empty by default.
    public var jobParameter: String
    /// Whether each item's execution is marked `running` in ZooKeeper (YAML `monitorExecution`).
    ///
    /// Needed by resharding (which waits for running items) and by failover.
    public var monitorExecution: Bool
    /// Whether the items of a crashed instance are re-run by another instance (YAML `failover`).
    ///
    /// Requires ``monitorExecution``.
    public var failover: Bool
    /// Whether a fire missed while the previous one was still running is run afterwards
    /// (YAML `misfire`); ElasticJob's default, `true`.
    public var misfire: Bool
    /// The largest tolerated difference between this host's clock and ZooKeeper's, or `nil`
    /// (the default) for no check.
    ///
    /// Stored as whole seconds in `maxTimeDiffSeconds` (`nil` as ElasticJob's `-1`); a
    /// duration that is not a whole number of seconds fails ``validate()``.
    public var maxTimeDiff: Duration?
    /// How often the leader repairs the job's znodes, or `nil` for never; 10 minutes by default.
    ///
    /// Stored as whole minutes in `reconcileIntervalMinutes` (`nil` as `0`); a duration that
    /// is not a positive whole number of minutes fails ``validate()``.
    public var reconcileInterval: Duration?
    /// The sharding strategy's name, or `nil` for `AVG_ALLOCATION` (YAML `jobShardingStrategyType`).
    ///
    /// Resolved in the running scheduler's ``SchedulerSettings/shardingStrategies``.
    public var shardingStrategy: ShardingStrategyName?
    /// The error handler's name, or `nil` for `LOG` (YAML `jobErrorHandlerType`).
    ///
    /// Resolved in the running scheduler's ``SchedulerSettings/errorHandlers``.
    public var errorHandler: ErrorHandlerName?
    /// A free-text description of the job (YAML `description`); empty by default.
    public var description: String
    /// Extra settings of job types and extensions, such as `script.command.line` (YAML `props`).
    ///
    /// Settings of this library beyond ElasticJob's live here under the `sharded.` prefix
    /// (see ``sharded``). Never put secrets here: the configuration is readable by
    /// anyone who can read the ZooKeeper namespace.
    public var props: [String: String]
    /// Whether the job's servers start out `DISABLED` (YAML `disabled`).
    ///
    /// An instance that starts with this set writes `DISABLED` to its
    /// `servers/{ip}` node.
    public var disabled: Bool
    /// Whether this configuration replaces the one already in ZooKeeper (YAML `overwrite`).
    ///
    /// By default the first instance writes the configuration and later ones
    /// use ZooKeeper's copy.
    public var overwrite: Bool
    /// Whether items keep their owners when instances join or leave (YAML `staticSharding`).
    ///
    /// With static sharding, once items are assigned, instance and server
    /// changes do not trigger a resharding (ElasticJob's meaning); a change of
    /// ``shardingTotalCount`` still does.
    public var staticSharding: Bool
    /// The label an instance must carry to run the job's items (YAML `label`, ElasticJob's
    /// key; DESIGN 12.8), or nil for any instance.
    ///
    /// Items go only to live instances whose ``SchedulerSettings/labels`` hold it; with none,
    /// they are assigned to nobody until one appears, and then each runs one coalesced
    /// catch-up. A name of ASCII letters, digits, `.`, `_` and `-`.
    public var label: String?

    /// ElasticJob keys this library does not use, kept to be written back unchanged.
    var passthrough = ElasticJobPassthrough()
    /// Why the cron given to the deprecated string initialiser does not parse; reported by
    /// ``validate()``, cleared when ``schedule`` is set.
    var deferredScheduleError: JobConfigurationError?

    /// Creates a configuration; every setting but the first three has ElasticJob's default.
    ///
    /// No check is made here beyond the schedule's own; call ``validate()``.
    public init(
        name: String,
        schedule: JobSchedule,
        shardingTotalCount: Int,
        shardingItemParameters: [Int: String] = [:],
        jobParameter: String = "",
        monitorExecution: Bool = true,
        failover: Bool = false,
        misfire: Bool = true,
        maxTimeDiff: Duration? = nil,
        reconcileInterval: Duration? = .seconds(600),
        shardingStrategy: ShardingStrategyName? = nil,
        errorHandler: ErrorHandlerName? = nil,
        description: String = "",
        props: [String: String] = [:],
        disabled: Bool = false,
        overwrite: Bool = false,
        staticSharding: Bool = false
    ) {
        self.jobName = name
        self.schedule = schedule
        self.shardingTotalCount = shardingTotalCount
        self.shardingItemParameters = shardingItemParameters
        self.jobParameter = jobParameter
        self.monitorExecution = monitorExecution
        self.failover = failover
        self.misfire = misfire
        self.maxTimeDiff = maxTimeDiff
        self.reconcileInterval = reconcileInterval
        self.shardingStrategy = shardingStrategy
        self.errorHandler = errorHandler
        self.description = description
        self.props = props
        self.disabled = disabled
        self.overwrite = overwrite
        self.staticSharding = staticSharding
    }

    /// Creates a configuration from a cron string, checked only by ``validate()`` (and so by
    /// `JobScheduler.register`).
    ///
    /// Kept so that code written before ``JobSchedule`` compiles: an invalid `cron` or
    /// `timeZone` is reported by ``validate()`` with the key `cron` or `timeZone`, as before.
    /// Until then the configuration's ``schedule`` is a placeholder that never fires. Use the
    /// `schedule:` initialiser with `schedule: try .cron(cron, timeZone: timeZone)` instead;
    /// `docs/migration.md` lists every change.
    @available(*, deprecated, message: "use init(name:schedule:shardingTotalCount:…) with schedule: try .cron(…)")
    public init(
        name: String,
        cron: String,
        shardingTotalCount: Int,
        shardingItemParameters: [Int: String] = [:],
        jobParameter: String = "",
        timeZone: String? = nil,
        monitorExecution: Bool = true,
        failover: Bool = false,
        misfire: Bool = true,
        maxTimeDiff: Duration? = nil,
        reconcileInterval: Duration? = .seconds(600),
        shardingStrategy: ShardingStrategyName? = nil,
        errorHandler: ErrorHandlerName? = nil,
        description: String = "",
        props: [String: String] = [:],
        disabled: Bool = false,
        overwrite: Bool = false,
        staticSharding: Bool = false
    ) {
        let schedule: JobSchedule
        var deferred: JobConfigurationError?
        do throws(JobConfigurationError) {
            schedule = try JobSchedule(cron: cron, timeZone: timeZone)
        } catch {
            schedule = .unparsable
            deferred = error
        }
        self.init(
            name: name, schedule: schedule, shardingTotalCount: shardingTotalCount,
            shardingItemParameters: shardingItemParameters, jobParameter: jobParameter,
            monitorExecution: monitorExecution, failover: failover, misfire: misfire, maxTimeDiff: maxTimeDiff,
            reconcileInterval: reconcileInterval, shardingStrategy: shardingStrategy, errorHandler: errorHandler,
            description: description, props: props, disabled: disabled, overwrite: overwrite,
            staticSharding: staticSharding)
        self.deferredScheduleError = deferred
    }

    /// This configuration with the schedule's time zone set to `zone` if it has none.
    ///
    /// The instance that writes the configuration to ZooKeeper records its
    /// own zone this way, so that every instance fires at the same instants.
    public func withTimeZone(default zone: CronTimeZone) -> JobConfiguration {
        var copy = self
        if deferredScheduleError == nil { copy.schedule = schedule.withTimeZone(default: zone) }
        return copy
    }
}

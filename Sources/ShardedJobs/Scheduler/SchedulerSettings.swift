import Foundation
import Metrics
import Tracing

/// Process-wide settings of a `JobScheduler`; the defaults follow DESIGN section 11.
public struct SchedulerSettings: Sendable {
    /// The IP this process registers under; nil picks the first non-loopback IPv4 of an
    /// interface that is up (`127.0.0.1` on a loopback-only host).
    public var instanceIP: String?
    /// A suffix for the instance id (`{ip}@-@{pid}-{suffix}`), so that several schedulers can
    /// live in one process (tests, or several independent groups of jobs).
    public var instanceSuffix: Int?
    /// Items that may run at once in the whole process, across all jobs.
    ///
    /// Items are tasks, not threads: the bound protects the process from a runaway number of
    /// running items, it is not a thread pool. It is large by default (256) so that 100 jobs
    /// firing at the same instant all start on time; lower it for jobs that each hold heavy
    /// resources.
    public var maxConcurrentItems: Int
    /// Items of one fire that may run at once on this instance.
    public var maxConcurrentItemsPerJob: Int
    /// How long graceful shutdown lets running items finish before cancelling them.
    public var gracefulShutdownDeadline: Duration
    /// How long the leader waits after a membership change before resharding (changes come
    /// in bursts).
    public var reshardingDebounce: Duration
    /// The longest a fire waits for a pending resharding (also bounded by the fire interval).
    public var reshardingWaitLimit: Duration
    /// Where item executions and fire states are traced (`ShardedJobsTracing`); off by default.
    public var tracer: JobTracer
    /// The sharding strategies this scheduler's jobs may name: the built-in ones and custom
    /// ones registered here (in every process of the cluster).
    public var shardingStrategies: ShardingStrategies
    /// The error handlers this scheduler's jobs may name: the built-in ones and custom ones
    /// registered here.
    public var errorHandlers: ErrorHandlers
    /// Told of the fires a policy drops without running them (``SkippedFires``) when the drop
    /// is decided, before its write: a write whose reply is lost may have been applied. A drop
    /// whose write fails (the item changed, an execution of it runs) is decided again later,
    /// so a report can repeat, and rarely precede a run of the same fire by its new owner. Nil
    /// (the default) for nobody. Called on a task of the job's: return quickly.
    public var onSkippedFires: (@Sendable (SkippedFires) -> Void)? = nil
    /// The placement labels of this process (DESIGN 12.8): a job with a ``JobConfiguration/label``
    /// runs only on instances that carry it. Written sorted and comma-joined in each instance
    /// node's `labels`; each a name of ASCII letters, digits, `.`, `_` and `-`. Empty by default.
    public var labels: Set<String> = []
    /// Whether a graceful shutdown first drains this process from each job (DESIGN 12.8): it
    /// keeps firing what it owns until the leaders have moved its items to the others, within
    /// ``gracefulShutdownDeadline``, then stops as usual. The rolling-deploy setting: the
    /// cluster sees a move, not a crash (no failover, nothing to catch up). Off by default.
    public var drainOnShutdown = false
    /// Where this process reads its load for `LOAD_AWARE` jobs (DESIGN 12.8): `/proc/loadavg`
    /// per core and the cgroup's memory by default (``SystemLoadProbe``); a ``FileLoadProbe``
    /// for tests. The report is published only while one of the process's jobs uses the strategy.
    public var loadProbe: any LoadProbe = SystemLoadProbe()
    /// How often the load is sampled, and so the shortest time between two load reports
    /// (each written only when it changed meaningfully). 10 s by default.
    public var loadReportInterval: Duration = .seconds(10)
    /// Where the scheduler's metrics go (docs/observability.md): nil (the default) for the
    /// bootstrapped `MetricsSystem`; a factory of its own for a scheduler whose metrics stay
    /// apart, such as a test's.
    public var metricsFactory: (any MetricsFactory)? = nil
    /// Where each item execution's span goes (swift-distributed-tracing; one span per attempt,
    /// named after the job, the job's code running inside it): nil (the default) for the
    /// bootstrapped `InstrumentationSystem.tracer`, which records nothing until an application
    /// bootstraps one (swift-otel's, say). Not ``tracer``, the execution history's writer.
    public var distributedTracer: (any Tracer)? = nil
    /// Where the alarms of this scheduler's jobs go when this instance leads a job (DESIGN
    /// 12.10; ``AlarmNotifier``): none by default, and an alarm is then only logged and
    /// counted. Give every worker of a namespace the same notifiers.
    public var alarmNotifiers: [any AlarmNotifier] = []
    /// Whether this process takes part in electing the namespace's alarm leader (under
    /// `/.sharded-jobs/alarms`), which raises a job's `noLiveInstance` alarm when it has had no
    /// live instance for ``noLiveInstanceAlarmAfter``. On by default.
    public var namespaceAlarms = true
    /// How long a job may have no live instance before its `noLiveInstance` alarm is raised:
    /// 1 minute by default.
    public var noLiveInstanceAlarmAfter: Duration = .seconds(60)
    /// How the core reads time, sleeps and starts tasks: the system's; the simulator's own.
    @_spi(Simulation) public var environment = SchedulerEnvironment.live

    /// Creates settings with the design's defaults.
    public init(
        instanceIP: String? = nil,
        instanceSuffix: Int? = nil,
        maxConcurrentItems: Int = 256,
        maxConcurrentItemsPerJob: Int = 2 * ProcessInfo.processInfo.activeProcessorCount,
        gracefulShutdownDeadline: Duration = .seconds(30),
        reshardingDebounce: Duration = .milliseconds(200),
        reshardingWaitLimit: Duration = .seconds(5),
        tracer: JobTracer = .off,
        shardingStrategies: ShardingStrategies = .init(),
        errorHandlers: ErrorHandlers = .init()
    ) {
        self.instanceIP = instanceIP
        self.instanceSuffix = instanceSuffix
        self.maxConcurrentItems = maxConcurrentItems
        self.maxConcurrentItemsPerJob = maxConcurrentItemsPerJob
        self.gracefulShutdownDeadline = gracefulShutdownDeadline
        self.reshardingDebounce = reshardingDebounce
        self.reshardingWaitLimit = reshardingWaitLimit
        self.tracer = tracer
        self.shardingStrategies = shardingStrategies
        self.errorHandlers = errorHandlers
    }

    /// Checks a configuration as this scheduler accepts it: ``JobConfiguration/validate()``,
    /// then its strategy and error-handler names against ``shardingStrategies`` and
    /// ``errorHandlers``, and this process's ``labels``.
    ///
    /// Throws ``JobConfigurationError``; an unknown name has the code `unknownName` and the
    /// key `jobShardingStrategyType` or `jobErrorHandlerType`. `JobScheduler.register` and a
    /// configuration changed in ZooKeeper go through this.
    public func validate(_ configuration: JobConfiguration) throws(JobConfigurationError) {
        try validate(configuration, ownErrorHandler: false)
    }

    /// ``validate(_:)``, skipping the error handler's name for a job registered with a handler
    /// of its own (the configured name is then not used).
    func validate(_ configuration: JobConfiguration, ownErrorHandler: Bool) throws(JobConfigurationError) {
        try configuration.validate()
        for label in labels.sorted() { try JobConfiguration.validateLabel(label, key: "labels") }
        _ = try shardingStrategies.strategy(for: configuration)
        if !ownErrorHandler { _ = try errorHandlers.handler(for: configuration) }
    }

    /// The timings of each job's machine.
    var machineSettings: JobMachineSettings {
        JobMachineSettings(
            reshardingDebounce: reshardingDebounce.milliseconds, reshardingWaitLimit: reshardingWaitLimit.milliseconds,
            gracefulShutdownDeadline: gracefulShutdownDeadline.milliseconds,
            maxConcurrentItemsPerJob: maxConcurrentItemsPerJob, labels: labels, drainOnShutdown: drainOnShutdown, injectedBug: InjectedBug.current)
    }
}

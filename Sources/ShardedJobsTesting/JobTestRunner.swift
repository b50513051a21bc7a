import Foundation
import Logging
import ShardedJobs
import Synchronization

/// Runs a job's items through the job core's real execution path, without a ZooKeeper server.
///
/// ```swift
/// let runner = try JobTestRunner(
///     RegionReport(), configuration: try JobConfiguration(name: "region-report", schedule: .cron("0/10 * * * * ?"),
///         shardingTotalCount: 3, shardingItemParameters: [0: "eu", 1: "us", 2: "asia"]),
///     errorHandler: .throw, listeners: [Audit()])
/// let report = try await runner.run()                      // every item of one fire
/// #expect(report.succeededItems == [0, 1, 2])
/// ```
///
/// Each run executes the chosen items of one fire as a scheduler does once it has claimed them:
/// the contexts it builds (parameters from the configuration, `props` as `jobProperties`,
/// a task id, a fencing token), the listeners' callbacks before and after in order, the error
/// handler — the one given, else the configuration's `jobErrorHandlerType` — for each failing
/// item and listener, the bounds on concurrent items (`SchedulerSettings`), a `DataflowJob`'s
/// streaming loop, a `ScriptJob`'s process. What needs a server is replaced:
///
/// - the lease is a ``TestLease``, revoked by the test, instead of the ZooKeeper session;
/// - fencing tokens (with `monitorExecution`, the default) rise by one per item across the
///   runner's runs, for session ``TestLease/sessionID`` and epoch 0;
/// - a `DistributeOnceJobListener`'s callbacks run here, once per run that is a regular fire
///   (not for a manual trigger or a failover run, as in a cluster): the run stands for the whole
///   fire, since there is no cluster to count the items of;
/// - nothing is written: the report says what a scheduler would record (``JobTestReport``).
///
/// The configuration is validated as `JobScheduler.register` validates it.
public struct JobTestRunner: Sendable {
    /// The job's configuration.
    public let configuration: JobConfiguration
    private let local: LocalRun
    private let tokens = TokenCounter()

    private init(
        definition: JobDefinition, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)?,
        listeners: [any JobListener], settings: SchedulerSettings, logger: Logger
    ) throws {
        self.configuration = configuration
        local = try LocalRun(
            definition: definition, configuration: configuration, errorHandler: errorHandler, listeners: listeners,
            settings: settings, logger: logger)
    }

    /// A runner of a job run as a `SimpleJob`, whatever other job protocols its type conforms to.
    ///
    /// - Parameters:
    ///   - job: the job.
    ///   - configuration: its configuration (validated here; throws `JobConfigurationError`).
    ///   - errorHandler: the handler `register` would be given; nil uses the configured name.
    ///   - listeners: the listeners `register` would be given, in calling order.
    ///   - settings: the scheduler settings that apply (item bounds, instance IP and suffix, tracer).
    ///   - logger: the scheduler's logger.
    public init(
        simple job: some SimpleJob, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            definition: JobDefinition(simple: job), configuration: configuration, errorHandler: errorHandler,
            listeners: listeners, settings: settings, logger: logger)
    }

    /// A runner of a job run as a `DataflowJob` (`streaming.process` in the configuration's
    /// `props` turns streaming on); otherwise as ``init(simple:configuration:errorHandler:listeners:settings:logger:)``.
    public init<Job: DataflowJob>(
        dataflow job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            definition: JobDefinition(dataflow: job), configuration: configuration, errorHandler: errorHandler,
            listeners: listeners, settings: settings, logger: logger)
    }

    /// A runner of a job run as a `ScriptJob` (a real process per item); otherwise as
    /// ``init(simple:configuration:errorHandler:listeners:settings:logger:)``.
    public init<Job: ScriptJob>(
        script job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            definition: JobDefinition(script: job), configuration: configuration, errorHandler: errorHandler,
            listeners: listeners, settings: settings, logger: logger)
    }

    /// The instance id the runs' contexts and failures carry (`{ip}@-@{pid}[-{suffix}]`).
    public var instanceID: String { local.instanceID }

    /// Runs items of one fire and returns when they have ended and the listeners'
    /// after-callbacks have returned. Cancelling the calling task cancels the items.
    ///
    /// The parameters are those of ``start(items:scheduledFireTime:source:manualTrigger:lease:signals:)``.
    public func run(
        items: [Int]? = nil, scheduledFireTime: Date = Date(), source: ExecutionSource = .normalTrigger,
        manualTrigger: Bool = false, lease: TestLease = TestLease(), signals: TestSignals = TestSignals()
    ) async throws -> JobTestReport {
        let run = try start(
            items: items, scheduledFireTime: scheduledFireTime, source: source, manualTrigger: manualTrigger, lease: lease,
            signals: signals)
        return await withTaskCancellationHandler {
            await run.report
        } onCancel: {
            run.cancel()
        }
    }

    /// Starts a run of items of one fire and returns at once: the ``JobTestRun`` revokes the
    /// lease, cancels, raises signals while the items run, and gives the report.
    ///
    /// - Parameters:
    ///   - items: the items, each in `0..<shardingTotalCount`; every item by default. Throws
    ///     ``InvalidItems`` for an empty list or an item outside the job.
    ///   - scheduledFireTime: the fire the run stands for; now by default.
    ///   - source: `.normalTrigger` (a fire), `.misfire` (a coalesced catch-up run) or
    ///     `.failover` (a failover run: its distribute-once callbacks do not run).
    ///   - manualTrigger: whether the run is a manual trigger (`ShardingContexts.isManualTrigger`;
    ///     its distribute-once callbacks do not run).
    ///   - lease: the lease the items check; keep it to revoke it from inside the job.
    ///   - signals: the signals the items read.
    public func start(
        items: [Int]? = nil, scheduledFireTime: Date = Date(), source: ExecutionSource = .normalTrigger,
        manualTrigger: Bool = false, lease: TestLease = TestLease(), signals: TestSignals = TestSignals()
    ) throws -> JobTestRun {
        let total = configuration.shardingTotalCount
        let chosen = Array(Set(items ?? Array(0..<total))).sorted()
        guard let first = chosen.first, let last = chosen.last, first >= 0, last < total else {
            throw InvalidItems(items: items ?? [], shardingTotalCount: total)
        }
        let request = LocalRun.Request(
            items: chosen, fire: scheduledFireTime, source: source, manualTrigger: manualTrigger, lease: lease,
            sessionID: lease.sessionID, signals: signals.signals, firstToken: tokens.take(chosen.count))
        return JobTestRun(items: chosen, lease: lease, signals: signals, local: local, request: request)
    }

    /// Thrown by ``start(items:scheduledFireTime:source:manualTrigger:lease:signals:)`` for an
    /// empty item list or an item outside `0..<shardingTotalCount`.
    public struct InvalidItems: Error, Sendable, CustomStringConvertible {
        /// The items asked for.
        public let items: [Int]
        /// The job's item count.
        public let shardingTotalCount: Int

        /// A sentence naming the items and the count.
        public var description: String {
            items.isEmpty
                ? "no item to run" : "items \(items) are not all in 0..<\(shardingTotalCount), the job's items"
        }
    }
}

/// The fencing tokens a runner hands out: rising by one per item across its runs.
private final class TokenCounter: Sendable {
    private let next = Mutex<Int64>(1)

    /// The first of `count` consecutive tokens.
    func take(_ count: Int) -> Int64 {
        next.withLock { next in
            defer { next += Int64(count) }
            return next
        }
    }
}

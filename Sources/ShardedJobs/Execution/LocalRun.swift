import Foundation
import Logging
import Metrics

/// Runs chosen items of one fire through `RunExecution` with no ZooKeeper server and no job
/// machine: the seam `ShardedJobsTesting`'s `JobTestRunner` stands on.
///
/// An item meets the production path — its context, the job's listeners in order, the error
/// handler (the registered one, else the configured name), the per-run and process-wide worker
/// pools, the dataflow loop, the script process, metrics and tracing — except what needs a
/// server: the lease is the caller's `LeaseAuthority`, fencing tokens are made up (rising from
/// the request's `firstToken`, when the configuration has `monitorExecution`), and
/// distribute-once listeners run their callbacks here, once per regular fire. Nothing is
/// written anywhere: each item's end goes to the observer instead of to a machine, and a
/// failed attempt offered for a retry is answered by `LocalRetries`.
package struct LocalRun: Sendable {
    let definition: JobDefinition
    let configuration: JobConfiguration
    let instance: JobInstanceID
    let permits: SchedulerDriver
    let errorHandlers: ErrorHandlers
    let itemLimit: Int
    let metrics: JobMetrics
    let tracer: JobTracer
    let logger: Logger
    let clock: any SchedulerClock

    /// A job ready to run, as `JobScheduler.register` would take it; throws what `register`
    /// throws for an invalid configuration.
    package init(
        definition: JobDefinition, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)?,
        listeners: [any JobListener], settings: SchedulerSettings, logger: Logger
    ) throws(JobConfigurationError) {
        try settings.validate(configuration, ownErrorHandler: errorHandler != nil)
        var definition = definition
        definition.errorHandler = errorHandler
        definition.listeners = listeners
        self.definition = definition
        self.configuration = configuration
        instance = JobInstanceID(ip: settings.instanceIP ?? "127.0.0.1", pid: Int(getpid()), suffix: settings.instanceSuffix)
        permits = SchedulerDriver(capacity: settings.maxConcurrentItems, environment: settings.environment)
        clock = settings.environment.clock
        itemLimit = settings.maxConcurrentItemsPerJob
        errorHandlers = settings.errorHandlers
        metrics = JobMetrics(jobName: configuration.jobName, factory: settings.metricsFactory ?? MetricsSystem.factory)
        tracer = settings.tracer
        var logger = logger
        logger[metadataKey: "job.name"] = "\(configuration.jobName)"
        logger[metadataKey: "job.instance"] = "\(instance)"
        self.logger = logger
    }

    /// The instance id the run's contexts and failures carry.
    package var instanceID: String { instance.description }

    /// One run: which items, for which fire, why, under which lease.
    package struct Request: Sendable {
        /// The items, ascending, each in `0..<shardingTotalCount`.
        package var items: [Int]
        package var fire: Date
        package var source: ExecutionSource
        package var manualTrigger: Bool
        package var lease: any LeaseAuthority
        package var sessionID: Int64
        package var signals: JobSignals
        /// The first item's fencing token; the next items' rise by one.
        package var firstToken: Int64

        /// A request with every field given.
        package init(
            items: [Int], fire: Date, source: ExecutionSource, manualTrigger: Bool, lease: any LeaseAuthority,
            sessionID: Int64, signals: JobSignals, firstToken: Int64
        ) {
            self.items = items
            self.fire = fire
            self.source = source
            self.manualTrigger = manualTrigger
            self.lease = lease
            self.sessionID = sessionID
            self.signals = signals
            self.firstToken = firstToken
        }
    }

    /// Runs the request's items and returns when they and the listeners' after-callbacks have
    /// ended; cancelling the calling task cancels the items, as session loss does.
    package func run(_ request: Request, observer: any LocalRunObserver) async {
        let fire = Int64((request.fire.timeIntervalSince1970 * 1000).rounded(.down))
        let kind: RunKind = request.source == .failover ? .failover : .fire(manual: request.manualTrigger)
        let monitored = configuration.monitorExecution
        let claims = request.items.enumerated().map { index, item in
            ClaimedItem(
                item: item, source: request.source,
                token: monitored
                    ? FencingToken(value: request.firstToken + Int64(index), sessionID: request.sessionID, epoch: 0) : nil,
                version: monitored ? 1 : nil, last: nil, fire: fire, timeout: configuration.sharded.timeout?.milliseconds)
        }
        let gates = monitored ? Dictionary(uniqueKeysWithValues: claims.map { ($0.item, AttemptGate()) }) : [:]
        let retries = LocalRetries(configuration: configuration, clock: clock, claims: claims)
        let plan = RunPlan(
            id: 0, kind: kind, fire: fire, sessionID: request.sessionID, items: claims, configuration: configuration,
            assignedItems: claims.count, itemLimit: kind == .failover ? max(itemLimit, claims.count) : itemLimit)
        var execution = RunExecution(
            plan: plan, definition: observed(by: observer), errorHandlers: errorHandlers, instance: instance,
            lease: request.lease,
            distributeOnce: .local, permits: permits, signals: request.signals, logger: logger, metrics: metrics, tracer: tracer,
            clock: clock
        ) { item, end in
            // An attempt offered for a retry is answered here; the item ends with its last.
            if let delay = end.retryAfter, let gate = gates[item] {
                guard retries.answer(item, after: delay, gate: gate) else { return }
            }
            // RunExecution reports on the item's own task: its cancellation is the item's.
            observer.itemEnded(item, succeeded: end.succeeded, interrupted: end.interrupted, cancelled: Task.isCancelled)
        }
        execution.attempts = gates
        execution.listenerObserver = { listener, callback, contexts in
            observer.listenerCalled(listener, callback: callback, contexts: contexts)
        }
        await execution.run()
    }

    /// The job with its body's errors and its error handler's calls told to `observer`.
    private func observed(by observer: any LocalRunObserver) -> JobDefinition {
        var definition = self.definition
        let body = definition.execute
        definition.execute = { context in
            observer.itemStarted(context)
            do {
                try await body(context)
            } catch {
                observer.itemThrew(context.shardingItem, error: error)
                throw error
            }
        }
        let handler = FireFailures.handler(
            registered: definition.errorHandler, configuration: configuration, in: errorHandlers)
        definition.errorHandler = ObservedErrorHandler(handler: handler, observer: observer)
        return definition
    }
}

import Foundation
import Logging
import ShardedJobsZooKeeper
import Tracing

/// Runs the items of one run — its listeners around them — and reports each item's end to the
/// machine as soon as it ends (the machine then writes its completion record).
///
/// Items run concurrently, bounded per run and in the process (`SchedulerDriver`'s permits). A
/// failing item does not stop the others: its error goes to the error handler. An item is *interrupted* when it
/// was cancelled (session loss, the shutdown deadline), when its commit was refused (it threw
/// `LeaseLostError`), or when it failed while its claim's lease was gone: it did not complete,
/// and its `last` stays.
///
/// The job's driver runs it with the scheduler's client as the lease and the cluster
/// coordinating distribute-once listeners; `LocalRun` runs it with a test lease and those
/// listeners called locally, with no server.
struct RunExecution: Sendable {
    /// Where a run's distribute-once listeners are coordinated.
    enum DistributeOnceScope: Sendable {
        /// Across the cluster, below the job's `guarantee` node.
        case cluster(ZooKeeperClient, JobNodePath)
        /// Nowhere: their callbacks run here, once per regular fire (no server to count with).
        case local
    }

    let plan: RunPlan
    let definition: JobDefinition
    /// The scheduler's error handlers, in which the configured one is looked up.
    let errorHandlers: ErrorHandlers
    let instance: JobInstanceID
    /// What proves the claims' session alive: the scheduler's client, or a test lease.
    let lease: any LeaseAuthority
    let distributeOnce: DistributeOnceScope
    /// Where items get their permits to run (bounded per run and in the process).
    let permits: any ItemPermitSource
    let signals: JobSignals
    let logger: Logger
    let metrics: JobMetrics
    let tracer: JobTracer
    /// The clock items' timeouts run on (the scheduler's, virtual in the simulator).
    let clock: any SchedulerClock
    /// Where each item's end goes; called on the item's own task.
    let report: @Sendable (_ item: Int, _ end: ItemEnd) -> Void
    /// Told of each listener callback before it is called (the test runner's record).
    var listenerObserver: ListenerCallObserver? = nil
    /// Each item's switch for an operator's kill (a job with `monitorExecution`); none by default.
    var stops: [Int: StopSignal] = [:]
    /// Each item's attempts, where the machine's answer to a retry arrives (a job with
    /// `monitorExecution`); none by default: no attempt is retried.
    var attempts: [Int: AttemptGate] = [:]
    /// Where the job's alarms hear of this run's items: none by default.
    var alarms: AlarmKeeper? = nil
    /// Where each attempt's span goes (swift-distributed-tracing): none by default.
    var spans: any Tracer = NoOpTracer()
    /// How long past its timeout an execution still running counts as stuck (the session
    /// timeout), for the `stuckItem` alarm.
    var stuckAfter: Duration? = nil

    var configuration: JobConfiguration { plan.configuration }

    func run() async {
        let failures = makeFailures()
        var contexts = makeContexts()
        let listeners = makeListeners(failures)
        await listeners.before(contexts)
        let runItems = {
            await withTaskGroup(of: (Int, Bool).self) { group in
                for (claim, context) in zip(plan.items, contexts.contexts) {
                    group.addTask { (claim.item, await runItem(claim, context: context, failures: failures)) }
                }
                return await group.reduce(into: Set<Int>()) { failed, result in
                    if !result.1 { failed.insert(result.0) }
                }
            }
        }
        // A monitored job's commit checks need leader-proven contact at most 0.5 s old: keep a
        // `sync` heartbeat in flight every 100 ms while its items run (DESIGN 12.4).
        let failed: Set<Int>
        if configuration.monitorExecution, case .cluster(let client, _) = distributeOnce {
            failed = await client.withFrequentHeartbeats(runItems)
        } else {
            failed = await runItems()
        }
        contexts.failedItems = failed
        await listeners.after(contexts)
        reportFireFailure(failures)
    }

    /// Runs one item — its attempts, while the machine grants retries — reporting the end of
    /// each to the machine; returns whether it succeeded. The error handler is told once,
    /// after the last attempt.
    private func runItem(_ first: ClaimedItem, context firstContext: ShardingContext, failures: FireFailures) async -> Bool {
        var claim = first
        var context = firstContext
        while true {
            let (failure, end) = await runAttempt(claim, context: context)
            guard let failure else {
                if !InjectedBug.clearBeforeCommit.isActive { report(claim.item, end) }
                return true
            }
            if end.retryAfter != nil, let gate = attempts[claim.item] {
                report(claim.item, end)
                switch await gate.decision() {
                case .retry(let next):
                    claim = next
                    context = makeContext(next)
                    continue
                case .finish:
                    await tell(failures, failure, context: context, attempt: claim.attempt)
                case .abandon:
                    report(claim.item, ItemEnd(succeeded: false, interrupted: true, cancelled: true, cause: "\(failure)"))
                }
                return false
            }
            if !Task.isCancelled, !(failure is LeaseLostError) {
                await tell(failures, failure, context: context, attempt: claim.attempt)
            }
            if !InjectedBug.clearBeforeCommit.isActive { report(claim.item, end) }
            return false
        }
    }

    /// Runs one attempt of an item: its failure, if any, and its end as the machine hears it.
    private func runAttempt(_ claim: ClaimedItem, context claimContext: ShardingContext) async -> (failure: (any Error)?, end: ItemEnd) {
        let started = ContinuousClock.now
        if claim.attempt == 1, claimContext.source == .normalTrigger {
            let late = clock.nowMillis() - Int64((claimContext.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
            metrics.lateness.recordMilliseconds(max(0, late))
        }
        let trace = tracer.itemStarted(claimContext, instance: instance, runKind: claim.runKind)
        let context = tracer.capturingLog(claimContext, of: trace)
        // The simulator's `clear-before-commit` bug: the item is reported complete (and its
        // completion recorded) before its body runs and commits.
        if InjectedBug.clearBeforeCommit.isActive { report(claim.item, ItemEnd(succeeded: true, interrupted: false, cancelled: false)) }
        var failure: (any Error)?
        do {
            try await permits.withPermit(group: "\(configuration.jobName)#\(plan.id)", limit: plan.itemLimit) {
                try await inExecutionSpan(claim, context) {
                    try await watchingForStuck(claim) {
                        try await executeBounded(context, timeout: claim.timeout, stop: stops[claim.item])
                    }
                }
            }
        } catch let error as LeaseLostError {
            // A refused commit: the item did not complete, and its instance catches it up.
            failure = error
            context.logger.warning("item \(claim.item)'s commit was refused: \(error)")
        } catch {
            failure = error
        }
        metrics.executed(failure)
        metrics.duration.recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        tracer.itemCompleted(trace, failure: failure)
        let cancelled = Task.isCancelled
        let refused = failure is LeaseLostError
        let interrupted =
            cancelled || refused || (failure != nil && !lease.isLeaseValid(forSession: plan.sessionID))
        var end = ItemEnd(succeeded: failure == nil, interrupted: interrupted, cancelled: cancelled, cause: failure.map { "\($0)" })
        if let failure, !interrupted { end.retryAfter = retryDelay(after: failure, of: claim) }
        return (failure, end)
    }

    /// Tells the error handler of an item's failure.
    private func tell(_ failures: FireFailures, _ failure: any Error, context: ShardingContext, attempt: Int) async {
        let timedOut = (failure as? ExecutionStopped)?.cause == .timeout
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        await alarms?.noteFailure(item: context.shardingItem, fire: fire, cause: "\(failure)", timedOut: timedOut)
        await failures.report(
            failure, item: context.shardingItem, stage: .item, attempt: attempt, fire: context.scheduledFireTime, logger: context.logger)
    }

    /// The context an item's execution receives.
    func makeContext(_ claim: ClaimedItem) -> ShardingContext {
        let taskID = TaskID.make(
            jobName: configuration.jobName, item: claim.item, source: claim.source, instance: instance.description,
            fire: claim.fire)
        var itemLogger = logger
        itemLogger[metadataKey: "shard.item"] = "\(claim.item)"
        itemLogger[metadataKey: "task.id"] = "\(taskID)"
        var context = ShardingContext(
            jobName: configuration.jobName, taskID: taskID, shardingTotalCount: configuration.shardingTotalCount,
            jobParameter: configuration.jobParameter, shardingItem: claim.item,
            shardingParameter: configuration.shardingItemParameters[claim.item],
            scheduledFireTime: Date(timeIntervalSince1970: Double(claim.fire) / 1000), source: claim.source,
            fencingToken: claim.token, logger: itemLogger,
            lease: LeaseCheck(authority: lease, sessionID: plan.sessionID, requiresContact: configuration.monitorExecution),
            signals: signals)
        context.jobProperties = configuration.props
        context.attempt = claim.attempt
        context.backfillID = claim.backfill?.id
        context.lease.attempts = attempts[claim.item]
        return context
    }
}

extension Duration {
    /// The duration in nanoseconds, clamped to `Int64`.
    var nanosecondsClamped: Int64 {
        let components = self.components
        let (seconds, overflow) = components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : seconds &+ components.attoseconds / 1_000_000_000
    }
}

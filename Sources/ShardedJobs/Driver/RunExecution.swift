import Foundation
import Logging
import ShardedJobsZooKeeper

/// Runs the items of one run — its listeners around them — and reports each item's end to the
/// machine as soon as it ends (the machine then writes its completion record).
///
/// Items run concurrently, bounded per run and by the process-wide pool. A failing item does
/// not stop the others: its error goes to the error handler. An item is *interrupted* when it
/// was cancelled (session loss, the shutdown deadline) or failed while its claim's lease was
/// gone (a refused commit): it did not complete, and its `last` stays.
struct RunExecution: Sendable {
    let plan: RunPlan
    let definition: JobDefinition
    /// The scheduler's error handlers, in which the configured one is looked up.
    let errorHandlers: ErrorHandlers
    let instance: JobInstanceID
    let paths: JobNodePath
    let client: ZooKeeperClient
    let pool: WorkerPool
    let signals: JobSignals
    let logger: Logger
    let metrics: JobMetrics
    let tracer: JobTracer
    /// Where each item's end goes.
    let report: @Sendable (_ item: Int, _ end: ItemEnd) -> Void

    var configuration: JobConfiguration { plan.configuration }

    func run() async {
        let perRun = WorkerPool(capacity: plan.itemLimit)
        let failures = makeFailures()
        var contexts = makeContexts()
        let listeners = makeListeners(failures)
        await listeners.before(contexts)
        let failed = await withTaskGroup(of: (Int, Bool).self) { group in
            for (claim, context) in zip(plan.items, contexts.contexts) {
                group.addTask { (claim.item, await runItem(claim, context: context, perRun: perRun, failures: failures)) }
            }
            return await group.reduce(into: Set<Int>()) { failed, result in
                if !result.1 { failed.insert(result.0) }
            }
        }
        contexts.failedItems = failed
        await listeners.after(contexts)
        reportFireFailure(failures)
    }

    /// Runs one item and reports its end; returns whether it succeeded.
    private func runItem(_ claim: ClaimedItem, context: ShardingContext, perRun: WorkerPool, failures: FireFailures) async -> Bool {
        let started = ContinuousClock.now
        let trace = tracer.itemStarted(context, instance: instance)
        var failure: (any Error)?
        do {
            try await perRun.withPermit {
                try await pool.withPermit { try await definition.execute(context) }
            }
            metrics.itemsExecuted.increment()
        } catch {
            failure = error
            if !Task.isCancelled {
                metrics.itemsFailed.increment()
                await failures.report(error, item: claim.item, stage: .item, logger: context.logger)
            }
        }
        metrics.executionTime.recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        tracer.itemCompleted(trace, failure: failure)
        let interrupted = Task.isCancelled || (failure != nil && !client.isLeaseValid(forSession: plan.sessionID))
        report(claim.item, ItemEnd(succeeded: failure == nil, interrupted: interrupted))
        return failure == nil
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
            lease: LeaseCheck(client: client, sessionID: plan.sessionID), signals: signals)
        context.jobProperties = configuration.props
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

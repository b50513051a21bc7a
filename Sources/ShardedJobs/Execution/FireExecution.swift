import Foundation
import Logging
import ZooKeeper

/// Runs the claimed items of one fire and clears each item's mark as soon as it completes.
///
/// Items run concurrently, bounded per job and by the process-wide pool. A failing item does
/// not stop the others: its error goes to the error handler and the item counts as completed
/// for the fire. With `monitorExecution`, each completion is one multi-op: the versioned
/// `setData` of `sharding/{item}` to the fire (`last`; a manual trigger keeps the old value)
/// and the delete of its `running` node.
struct FireExecution: Sendable {
    let definition: JobDefinition
    let configuration: JobConfiguration
    let instance: JobInstanceID
    let paths: JobNodePath
    let client: ZooKeeperClient
    let pool: WorkerPool
    let itemLimit: Int
    let scheduled: Int64
    let manual: Bool
    let sessionID: Int64
    let claims: [ItemClaim]
    let logger: Logger
    let metrics: JobMetrics

    /// The runtime's view at the fire (signals, the items assigned cluster-wide); nil gives
    /// fresh signals and no distribute-once coordination.
    var view: JobView? = nil

    func run() async -> FireOutcome {
        let perJob = WorkerPool(capacity: itemLimit)
        let failures = makeFailures()
        var contexts = makeContexts()
        let listeners = makeListeners(failures)
        await listeners.before(contexts)
        let results = await withTaskGroup(of: (Int, ItemProgress?, Bool).self) { group in
            for (claim, context) in zip(claims, contexts.contexts) {
                group.addTask { await runItem(claim, context: context, perJob: perJob, failures: failures) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var progress: [Int: ItemProgress?] = [:]
        var failed: Set<Int> = []
        for (item, value, succeeded) in results {
            if configuration.monitorExecution { progress[item] = value }
            if !succeeded { failed.insert(item) }
        }
        contexts.failedItems = failed
        await listeners.after(contexts)
        reportFireFailure(failures)
        return FireOutcome(scheduled: scheduled, isManual: manual, progress: progress, failed: failed)
    }

    private func runItem(
        _ claim: ItemClaim, context: ShardingContext, perJob: WorkerPool, failures: FireFailures
    ) async -> (Int, ItemProgress?, Bool) {
        var succeeded = true
        let started = ContinuousClock.now
        do {
            try await perJob.withPermit {
                try await pool.withPermit { try await definition.execute(context) }
            }
            metrics.itemsExecuted.increment()
        } catch {
            succeeded = false
            metrics.itemsFailed.increment()
            failures.report(error, item: claim.item, stage: .item, logger: context.logger)
        }
        metrics.executionTime.recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        guard configuration.monitorExecution, let version = claim.version else { return (claim.item, nil, succeeded) }
        return (claim.item, await clear(claim, version: version), succeeded)
    }

    /// Clears an item's mark; returns its new progress, or nil when it must be re-read.
    private func clear(_ claim: ItemClaim, version: Int32) async -> ItemProgress? {
        let last = manual ? (claim.last ?? scheduled) : scheduled
        do {
            let results = try await client.multi([
                .setData(path: paths.item(claim.item), data: Array(String(last).utf8), version: version),
                .delete(path: paths.itemRunning(claim.item)),
            ])
            guard let stat = results[0].stat else { return nil }
            return ItemProgress(last: last, version: stat.version)
        } catch {
            logger.warning(
                "could not record the completion of item \(claim.item) at \(scheduled): \(error)",
                metadata: ["shard.item": "\(claim.item)"])
            return nil
        }
    }

    func makeContext(_ claim: ItemClaim) -> ShardingContext {
        let taskID = TaskID.make(
            jobName: configuration.jobName, item: claim.item, source: claim.source, instance: instance.description,
            fire: scheduled)
        var itemLogger = logger
        itemLogger[metadataKey: "shard.item"] = "\(claim.item)"
        itemLogger[metadataKey: "task.id"] = "\(taskID)"
        var context = ShardingContext(
            jobName: configuration.jobName, taskID: taskID, shardingTotalCount: configuration.shardingTotalCount,
            jobParameter: configuration.jobParameter, shardingItem: claim.item,
            shardingParameter: configuration.shardingItemParameters[claim.item],
            scheduledFireTime: Date(timeIntervalSince1970: Double(scheduled) / 1000), source: claim.source,
            fencingToken: claim.token, logger: itemLogger,
            lease: LeaseCheck(client: client, sessionID: sessionID), signals: view?.signals ?? JobSignals())
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

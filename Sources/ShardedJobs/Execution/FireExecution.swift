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
    var tracer: JobTracer = .off

    func run() async -> FireOutcome {
        let perJob = WorkerPool(capacity: itemLimit)
        let results = await withTaskGroup(of: (Int, ItemProgress?, Bool).self) { group in
            for claim in claims {
                group.addTask { await runItem(claim, perJob: perJob) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var progress: [Int: ItemProgress?] = [:]
        var failed: Set<Int> = []
        for (item, value, succeeded) in results {
            if configuration.monitorExecution { progress[item] = value }
            if !succeeded { failed.insert(item) }
        }
        return FireOutcome(scheduled: scheduled, isManual: manual, progress: progress, failed: failed)
    }

    private func runItem(_ claim: ItemClaim, perJob: WorkerPool) async -> (Int, ItemProgress?, Bool) {
        let context = makeContext(claim)
        var succeeded = true
        let started = ContinuousClock.now
        let trace = tracer.itemStarted(context, instance: instance)
        var failure: (any Error)?
        do {
            try await perJob.withPermit {
                try await pool.withPermit { try await definition.execute(context) }
            }
            metrics.itemsExecuted.increment()
        } catch {
            succeeded = false
            failure = error
            metrics.itemsFailed.increment()
            report(error, context: context)
        }
        metrics.executionTime.recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        tracer.itemCompleted(trace, failure: failure)
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

    private func makeContext(_ claim: ItemClaim) -> ShardingContext {
        let taskID = TaskID.make(
            jobName: configuration.jobName, item: claim.item, source: claim.source, instance: instance.description,
            fire: scheduled)
        var itemLogger = logger
        itemLogger[metadataKey: "shard.item"] = "\(claim.item)"
        itemLogger[metadataKey: "task.id"] = "\(taskID)"
        return ShardingContext(
            jobName: configuration.jobName, taskID: taskID, shardingTotalCount: configuration.shardingTotalCount,
            jobParameter: configuration.jobParameter, shardingItem: claim.item,
            shardingParameter: configuration.shardingItemParameters[claim.item],
            scheduledFireTime: Date(timeIntervalSince1970: Double(scheduled) / 1000), source: claim.source,
            fencingToken: claim.token, logger: itemLogger,
            lease: LeaseCheck(client: client, sessionID: sessionID))
    }

    /// The `LOG` error handler (the default); `IGNORE` stays silent. Other handlers arrive with
    /// the job types issue.
    private func report(_ error: any Error, context: ShardingContext) {
        guard configuration.effectiveErrorHandlerType != "IGNORE" else { return }
        context.logger.error("item \(context.shardingItem) failed: \(error)")
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

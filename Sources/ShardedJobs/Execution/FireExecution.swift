import Foundation
import Logging
import ShardedJobsZooKeeper

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
    /// The scheduler's error handlers, in which the configured one is looked up.
    let errorHandlers: ErrorHandlers
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

    /// The runtime's view at the fire (signals, the items assigned cluster-wide); nil gives
    /// fresh signals and no distribute-once coordination.
    var view: JobView? = nil

    func run() async -> FireOutcome {
        let perJob = WorkerPool(capacity: itemLimit)
        let failures = makeFailures()
        var contexts = makeContexts()
        let listeners = makeListeners(failures)
        await listeners.before(contexts)
        let results = await withTaskGroup(of: ItemResult.self) { group in
            for (claim, context) in zip(claims, contexts.contexts) {
                group.addTask { await runItem(claim, context: context, perJob: perJob, failures: failures) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var progress: [Int: ItemProgress?] = [:]
        var failed: Set<Int> = []
        var unrecorded: [PendingCompletion] = []
        for result in results {
            if configuration.monitorExecution { progress[result.item] = result.progress }
            if !result.succeeded { failed.insert(result.item) }
            if let pending = result.unrecorded { unrecorded.append(pending) }
        }
        contexts.failedItems = failed
        await listeners.after(contexts)
        reportFireFailure(failures)
        return FireOutcome(
            scheduled: scheduled, isManual: manual, progress: progress, failed: failed, unrecorded: unrecorded)
    }

    /// How one item ended.
    private struct ItemResult: Sendable {
        let item: Int
        var progress: ItemProgress? = nil
        let succeeded: Bool
        var unrecorded: PendingCompletion? = nil
    }

    private func runItem(
        _ claim: ItemClaim, context: ShardingContext, perJob: WorkerPool, failures: FireFailures
    ) async -> ItemResult {
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
            if !Task.isCancelled {
                metrics.itemsFailed.increment()
                await failures.report(error, item: claim.item, stage: .item, logger: context.logger)
            }
        }
        metrics.executionTime.recordNanoseconds((ContinuousClock.now - started).nanosecondsClamped)
        tracer.itemCompleted(trace, failure: failure)
        guard configuration.monitorExecution, let version = claim.version else {
            return ItemResult(item: claim.item, succeeded: succeeded)
        }
        if Task.isCancelled || (failure != nil && !client.isLeaseValid(forSession: sessionID)) {
            // Interrupted (session loss, shutdown deadline, a failed lease check): not
            // completed, so `last` stays.
            // With failover the mark stays for a survivor to claim; without it, it is released
            // and the owner completes the item as MISFIRE (DESIGN section 6 point 6b).
            if !configuration.failover { await release(claim) }
            return ItemResult(item: claim.item, succeeded: false)
        }
        let completion = completion(of: claim, version: version)
        switch await clear(completion) {
        case .recorded(let progress): return ItemResult(item: claim.item, progress: progress, succeeded: succeeded)
        case .dropped: return ItemResult(item: claim.item, succeeded: succeeded)
        case .pending: return ItemResult(item: claim.item, succeeded: succeeded, unrecorded: completion)
        }
    }

    /// The record of an item's completion: `last` (a manual trigger keeps the old value) and
    /// the deletes of its marks.
    private func completion(of claim: ItemClaim, version: Int32) -> PendingCompletion {
        let fire = claim.scheduled ?? scheduled
        let last = manual ? (claim.last ?? fire) : fire
        let operations: [ZooKeeperOperation] =
            [
                .setData(path: paths.item(claim.item), data: Array(String(last).utf8), version: version),
                .delete(path: paths.itemRunning(claim.item)),
            ] + claim.cleanup.map { .delete(path: $0) }
        return PendingCompletion(item: claim.item, last: last, operations: operations)
    }

    /// What became of an item's completion record.
    private enum ClearOutcome {
        /// Written: the item's new progress.
        case recorded(ItemProgress)
        /// Dropped: the item changed meanwhile (its progress must be re-read).
        case dropped
        /// Not written yet: the runtime writes it on its next session.
        case pending
    }

    /// Records an item's completion.
    ///
    /// Retried on connection problems while the claim's session holds its lease; after that
    /// the runtime writes it when it has a session again (`PendingCompletion`).
    private func clear(_ completion: PendingCompletion) async -> ClearOutcome {
        for attempt in 0..<4 {
            guard client.isLeaseValid(forSession: sessionID) else { break }
            do {
                guard let progress = try await completion.write(with: client) else {
                    logger.warning(
                        "item \(completion.item) changed before its completion at \(completion.last) was recorded",
                        metadata: ["shard.item": "\(completion.item)"])
                    return .dropped
                }
                return .recorded(progress)
            } catch let error as ZooKeeperError
                where [.connectionLoss, .operationTimeout, .notConnected].contains(error.code) && attempt < 3
            {
                try? await Task.sleep(for: .milliseconds(100 << (2 * attempt)))
            } catch {
                break
            }
        }
        logger.warning(
            "the completion of item \(completion.item) at \(completion.last) is not recorded yet: it will be on the next session",
            metadata: ["shard.item": "\(completion.item)"])
        return .pending
    }

    /// Deletes an interrupted item's mark, while the claim's session still holds its lease.
    private func release(_ claim: ItemClaim) async {
        guard client.isLeaseValid(forSession: sessionID) else { return }
        try? await client.delete(paths.itemRunning(claim.item))
    }

    func makeContext(_ claim: ItemClaim) -> ShardingContext {
        let fire = claim.scheduled ?? scheduled
        let taskID = TaskID.make(
            jobName: configuration.jobName, item: claim.item, source: claim.source, instance: instance.description,
            fire: fire)
        var itemLogger = logger
        itemLogger[metadataKey: "shard.item"] = "\(claim.item)"
        itemLogger[metadataKey: "task.id"] = "\(taskID)"
        var context = ShardingContext(
            jobName: configuration.jobName, taskID: taskID, shardingTotalCount: configuration.shardingTotalCount,
            jobParameter: configuration.jobParameter, shardingItem: claim.item,
            shardingParameter: configuration.shardingItemParameters[claim.item],
            scheduledFireTime: Date(timeIntervalSince1970: Double(fire) / 1000), source: claim.source,
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

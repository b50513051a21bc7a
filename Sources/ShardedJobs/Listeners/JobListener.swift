/// Called around each execution of a job on an instance: before its first item starts and
/// after its last item ends.
///
/// ```swift
/// struct Audit: JobListener {
///     func beforeJobExecuted(_ contexts: ShardingContexts) async throws {
///         contexts.logger.info("starting items \(contexts.items)")
///     }
///     func afterJobExecuted(_ contexts: ShardingContexts) async throws {
///         contexts.logger.info("done; failed: \(contexts.failedItems.sorted())")
///     }
/// }
/// try await scheduler.register(OrderSync(), configuration: configuration, listeners: [Audit()])
/// ```
///
/// Every execution counts: a regular fire, a manual trigger, a misfire run. Listeners are
/// called in the order given, the before-callbacks in that order and the after-callbacks in
/// that order too. A listener that throws has its error sent to the job's error handler
/// (stage `beforeListener`/`afterListener`); the fire goes on.
///
/// A ``DistributeOnceJobListener`` in the list runs once in the whole cluster instead.
public protocol JobListener: Sendable {
    /// Called before this instance starts the items of an execution.
    func beforeJobExecuted(_ contexts: ShardingContexts) async throws
    /// Called after every item of the execution has ended on this instance.
    func afterJobExecuted(_ contexts: ShardingContexts) async throws
}

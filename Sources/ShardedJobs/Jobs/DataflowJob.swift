/// A job whose items fetch a batch of data and process it, once per fire or — with the prop
/// `streaming.process: true` — round after round until there is nothing left.
///
/// ```swift
/// struct OutboxRelay: DataflowJob {
///     let outbox: Outbox
///     func fetchData(_ context: ShardingContext) async throws -> [Message] {
///         try await outbox.pending(shard: context.shardingItem, of: context.shardingTotalCount, limit: 100)
///     }
///     func processData(_ context: ShardingContext, items: [Message]) async throws {
///         try await broker.publish(items)
///         try context.checkLease()                               // commit point
///         try await outbox.markSent(items, token: context.fencingToken)
///     }
/// }
/// try await scheduler.register(OutboxRelay(outbox: outbox), configuration: JobConfiguration(
///     name: "outbox-relay", schedule: .cron("0/5 * * * * ?"), shardingTotalCount: 4, props: ["streaming.process": "true"]))
/// ```
///
/// Without streaming an item fetches once and processes the batch if it is not empty. With
/// streaming it loops, and before each round checks whether it should stop: a fetch returned
/// nothing, a resharding is pending (`context.isReshardingPending`; the resharding waits for
/// running items, so a streaming item yields to it), the lease is lost, graceful shutdown has
/// begun, or the task was cancelled. The current round always finishes; stopping is not a
/// failure. A throwing `fetchData` or `processData` fails the item (the error handler is told).
public protocol DataflowJob: Sendable {
    /// What one fetch returns a batch of.
    associatedtype Item: Sendable
    /// Fetches the next batch for the context's item; empty when there is nothing to do.
    func fetchData(_ context: ShardingContext) async throws -> [Item]
    /// Processes a non-empty batch.
    func processData(_ context: ShardingContext, items: [Item]) async throws
}

/// The prop that turns streaming on.
let streamingProcessProperty = "streaming.process"

import ShardedJobs

/// The example's streaming `DataflowJob` (`streaming.process: true`): each item relays the
/// outbox messages of its share — message id modulo the item count — in batches, marking each
/// batch sent behind the lease, until its share is empty or the runtime asks it to stop.
public struct OutboxRelay: DataflowJob {
    let outbox: Outbox
    let batchSize: Int

    /// A relay of `outbox` in batches of `batchSize`.
    public init(outbox: Outbox, batchSize: Int = 2) {
        self.outbox = outbox
        self.batchSize = batchSize
    }

    /// The next batch of the item's share.
    public func fetchData(_ context: ShardingContext) async throws -> [Outbox.Message] {
        await outbox.pending(share: context.shardingItem, of: context.shardingTotalCount, limit: batchSize)
    }

    /// Publishes the batch, then marks it sent (the commit point).
    public func processData(_ context: ShardingContext, items: [Outbox.Message]) async throws {
        await outbox.publish(items)
        try context.checkLease()
        await outbox.markSent(items.map(\.id))
    }
}

/// A job whose items each run one piece of work: the simplest job type.
///
/// ```swift
/// struct OrderSync: SimpleJob {
///     func execute(_ context: ShardingContext) async throws {
///         let region = context.shardingParameter ?? "all"
///         let orders = try await fetchOrders(region: region)
///         try context.checkLease()                     // commit point
///         try await store(orders, token: context.fencingToken)
///     }
/// }
/// ```
///
/// `execute` is called once per owned item per fire, concurrently for several items of one
/// fire (bounded). Throwing marks the item failed (the error handler is told); it is not
/// retried and counts as completed for that fire. The task is cancelled when the instance
/// loses its session or shuts down: check `Task.isCancelled` in long loops, and call
/// `context.checkLease()` right before anything that must not happen twice.
public protocol SimpleJob: Sendable {
    /// Runs one item of one fire.
    func execute(_ context: ShardingContext) async throws
}

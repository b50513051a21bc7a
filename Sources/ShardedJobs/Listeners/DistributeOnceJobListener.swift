/// A listener whose callbacks run once in the whole cluster per fire: the before-callback
/// before the first item of the fire starts anywhere, the after-callback after the last item
/// ends.
///
/// ```swift
/// struct OpenBatch: DistributeOnceJobListener {
///     var name: String { "open-batch" }
///     func beforeAllExecuted(_ contexts: ShardingContexts) async throws { try await batches.open(contexts.scheduledFireTime) }
///     func afterAllExecuted(_ contexts: ShardingContexts) async throws { try await batches.close(contexts.scheduledFireTime) }
/// }
/// ```
///
/// The instances count the items actually assigned for the fire — items owned by a live
/// instance on an enabled server, without the disabled ones — through nodes below
/// `/{job}/guarantee/{fire}/{name}/` (see `docs/job-types.md`). Items everywhere wait for the
/// before-callback; an instance that waits longer than ``timeout`` reports a
/// `DistributeOnceTimeout` to the error handler and starts its items anyway. The callbacks run
/// on whichever instance completed the count; the `contexts` they get are that instance's.
///
/// Manual triggers are not coordinated (each instance fires at its own instant): the
/// callbacks do not run for them.
public protocol DistributeOnceJobListener: JobListener {
    /// A name unique among the job's listeners, used in znode paths (letters, digits, `.`,
    /// `_`, `-`).
    var name: String { get }
    /// How long an instance waits for the cluster's before-callback. Default: 60 s.
    var timeout: Duration { get }
    /// Runs once in the cluster before the fire's first item starts.
    func beforeAllExecuted(_ contexts: ShardingContexts) async throws
    /// Runs once in the cluster after the fire's last item has ended.
    func afterAllExecuted(_ contexts: ShardingContexts) async throws
}

extension DistributeOnceJobListener {
    /// 60 seconds.
    public var timeout: Duration { .seconds(60) }

    /// Not called for a distribute-once listener (the coordinator calls `beforeAllExecuted`).
    public func beforeJobExecuted(_ contexts: ShardingContexts) async throws {}

    /// Not called for a distribute-once listener (the coordinator calls `afterAllExecuted`).
    public func afterJobExecuted(_ contexts: ShardingContexts) async throws {}
}

/// Reported to the error handler when an instance waited longer than a distribute-once
/// listener's timeout for the cluster's before-callback (or could not take part in the count).
public struct DistributeOnceTimeout: Error, Hashable, Sendable, CustomStringConvertible {
    /// The listener's name.
    public let listener: String
    /// The fire's scheduled instant (epoch ms).
    public let fire: Int64
    /// Items counted when the wait ended, and items expected.
    public let counted: Int, expected: Int

    /// A sentence naming the listener, the fire and the counts.
    public var description: String {
        "distribute-once listener \(listener) timed out at fire \(fire): \(counted) of \(expected) items had started"
    }
}

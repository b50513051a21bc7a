/// One listener callback: the listener's name (its type name, or a distribute-once listener's
/// `name`), which callback, and the contexts it is given.
package typealias ListenerCallObserver = @Sendable (_ listener: String, _ callback: ListenerCallback, _ contexts: ShardingContexts) -> Void

/// The four listener callbacks, named after their methods.
package enum ListenerCallback: Sendable, Hashable {
    /// `JobListener.beforeJobExecuted`.
    case beforeJobExecuted
    /// `JobListener.afterJobExecuted`.
    case afterJobExecuted
    /// `DistributeOnceJobListener.beforeAllExecuted`.
    case beforeAllExecuted
    /// `DistributeOnceJobListener.afterAllExecuted`.
    case afterAllExecuted
}

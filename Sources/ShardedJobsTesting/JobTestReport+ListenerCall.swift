import ShardedJobs

extension JobTestReport {
    /// One listener callback a run called, recorded just before the call.
    public struct ListenerCall: Sendable, CustomStringConvertible {
        /// The four callbacks, named after their methods.
        public enum Callback: String, Sendable, Hashable, CaseIterable {
            /// `JobListener.beforeJobExecuted`.
            case beforeJobExecuted
            /// `JobListener.afterJobExecuted`.
            case afterJobExecuted
            /// `DistributeOnceJobListener.beforeAllExecuted` (called locally, once per regular fire).
            case beforeAllExecuted
            /// `DistributeOnceJobListener.afterAllExecuted` (called locally, once per regular fire).
            case afterAllExecuted
        }

        /// The listener: its type name, or a distribute-once listener's `name` (as in
        /// `JobFailure.stage`).
        public let listener: String
        /// Which callback.
        public let callback: Callback
        /// The contexts it was given (after the items: with `failedItems`).
        public let contexts: ShardingContexts

        /// `LISTENER.CALLBACK items [...]`.
        public var description: String { "\(listener).\(callback.rawValue) items \(contexts.items)" }
    }
}

extension JobTestReport {
    /// How one item's execution ended, as the job core judges it.
    public enum ItemOutcome: Sendable, CustomStringConvertible {
        /// The body returned: the item completed for the fire.
        case succeeded
        /// The body threw while the lease held: the error handler was told, and the item counts
        /// as completed for the fire (it is not retried).
        case failed(any Error)
        /// The body threw after the lease was lost (a commit refused by `checkLease()`): the
        /// error handler was told, but the item did not complete — a scheduler leaves its
        /// `last` alone and the item runs again (by failover or as a misfire).
        case interrupted(any Error)
        /// The item's task was cancelled (session loss, the shutdown deadline,
        /// ``JobTestRun/cancel()``): it did not complete, and the error handler was not told.
        case cancelled

        /// What the body threw, for `failed` and `interrupted`.
        public var error: (any Error)? {
            switch self {
            case .failed(let error), .interrupted(let error): error
            case .succeeded, .cancelled: nil
            }
        }

        /// Whether the body returned normally.
        public var isSucceeded: Bool {
            if case .succeeded = self { return true }
            return false
        }

        /// Whether a scheduler records the item completed for the fire (`succeeded`, `failed`).
        public var isCompleted: Bool {
            switch self {
            case .succeeded, .failed: true
            case .interrupted, .cancelled: false
            }
        }

        /// `succeeded`, `failed: ERROR`, `interrupted: ERROR` or `cancelled`.
        public var description: String {
            switch self {
            case .succeeded: "succeeded"
            case .failed(let error): "failed: \(error)"
            case .interrupted(let error): "interrupted: \(error)"
            case .cancelled: "cancelled"
            }
        }
    }
}

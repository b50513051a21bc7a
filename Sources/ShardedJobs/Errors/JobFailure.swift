import Foundation
import Logging

/// One failure of a job, as its error handler receives it.
///
/// An item's failure carries the item; a listener's failure (or a distribute-once timeout) has
/// `item == nil` and names the listener in `stage`.
public struct JobFailure: Sendable, CustomStringConvertible {
    /// Where a failure happened.
    public enum Stage: Sendable, Hashable, CustomStringConvertible {
        /// An item's execution threw.
        case item
        /// A listener's before-callback threw (or, for a distribute-once listener, timed out).
        case beforeListener(String)
        /// A listener's after-callback threw (or, for a distribute-once listener, timed out).
        case afterListener(String)

        /// `item`, `before listener NAME` or `after listener NAME`.
        public var description: String {
            switch self {
            case .item: "item"
            case .beforeListener(let name): "before listener \(name)"
            case .afterListener(let name): "after listener \(name)"
            }
        }
    }

    /// The job's name.
    public let jobName: String
    /// The failed item, or nil for a listener's failure.
    public let item: Int?
    /// This instance's id.
    public let instanceID: String
    /// What was thrown.
    public let error: any Error
    /// When the failure was reported.
    public let time: Date
    /// The scheduled instant of the fire it belongs to.
    public let scheduledFireTime: Date
    /// Where it happened.
    public let stage: Stage
    /// The item's attempt that ended it (1 for the first; `retry.maxAttempts`): the handler is
    /// told once per item-fire, after its last attempt.
    public var attempt = 1
    /// The job's logger (with `job.name`, and `shard.item` for an item's failure).
    public let logger: Logger

    /// Creates a failure (useful to test a handler).
    public init(
        jobName: String, item: Int?, instanceID: String, error: any Error, time: Date = Date(),
        scheduledFireTime: Date, stage: Stage, logger: Logger
    ) {
        self.jobName = jobName
        self.item = item
        self.instanceID = instanceID
        self.error = error
        self.time = time
        self.scheduledFireTime = scheduledFireTime
        self.stage = stage
        self.logger = logger
    }

    /// `job NAME item N failed: ERROR` (or `job NAME before listener L failed: ERROR`).
    public var description: String {
        let subject = item.map { "item \($0)" } ?? stage.description
        return "job \(jobName) \(subject) failed: \(error)"
    }
}

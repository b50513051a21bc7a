/// Thrown by an item to hand it back for a later attempt without it counting as a failure
/// (LTS's and antares' `LATER`): the item's error handler is not told, and the next attempt
/// starts after `delay` on the same instance, for the same fire.
///
/// It counts as one attempt and is bounded the same way as a retry (`retry.maxAttempts`, the
/// item's next fire not come due, no resharding pending): when no attempt is left the item
/// completes as failed with this error. Throw it before the item's first commit check;
/// thrown after one, it is a failure like any other.
///
/// ```swift
/// func execute(_ context: ShardingContext) async throws {
///     guard try await upstream.isReady(for: context.scheduledFireTime) else {
///         throw RetryLater(after: .seconds(30))
///     }
///     ...
/// }
/// ```
public struct RetryLater: Error, Sendable, CustomStringConvertible {
    /// How long to wait before the next attempt.
    public let delay: Duration

    /// Hands the item back for an attempt after `delay`.
    public init(after delay: Duration) {
        self.delay = delay
    }

    /// `retry later (after DELAY)`.
    public var description: String { "retry later (after \(delay))" }
}

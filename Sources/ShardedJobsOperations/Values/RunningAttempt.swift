/// A running item past its first attempt (`retry.maxAttempts`, DESIGN 12.6): the attempt its
/// `running` mark records — the one running, or waiting for its backoff.
public struct RunningAttempt: Sendable, Hashable, Codable {
    /// The sharding item.
    public var item: Int
    /// The attempt, 2 or more.
    public var attempt: Int

    /// A running item's attempt.
    public init(item: Int, attempt: Int) {
        self.item = item
        self.attempt = attempt
    }
}

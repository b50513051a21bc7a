import ShardedJobs

/// What one run of a ``JobTestRunner`` did: each item's outcome and context, the failures its
/// error handler was given, and the listener callbacks called.
///
/// ```swift
/// let report = try await runner.run(items: [0, 1, 2])
/// #expect(report[1]?.error is PriceFeedDown)
/// #expect(report.failures.map(\.item) == [1])
/// #expect(report.listenerCalls.map(\.callback) == [.beforeJobExecuted, .afterJobExecuted])
/// ```
public struct JobTestReport: Sendable {
    /// Each item's outcome.
    public let outcomes: [Int: ItemOutcome]
    /// The context each item's body received (items cancelled before their body started have none).
    public let contexts: [Int: ShardingContext]
    /// What the error handler was given, in order: items' failures and listeners' failures.
    public let failures: [JobFailure]
    /// The listener callbacks called, in order, each with the contexts it was given.
    public let listenerCalls: [ListenerCall]
    /// The first error the error handler threw (`THROW`): the fire reports failure.
    public let fireError: (any Error)?

    /// The items the run executed, ascending.
    public var items: [Int] { outcomes.keys.sorted() }

    /// The outcome of `item`, nil when the run did not include it.
    public subscript(item: Int) -> ItemOutcome? { outcomes[item] }

    /// Whether the error handler made the fire report failure.
    public var fireFailed: Bool { fireError != nil }

    /// The items whose body returned normally, ascending.
    public var succeededItems: [Int] { items.filter { outcomes[$0]?.isSucceeded == true } }

    /// The items a scheduler would record as completed for the fire (succeeded or failed),
    /// ascending; the others run again elsewhere.
    public var completedItems: [Int] { items.filter { outcomes[$0]?.isCompleted == true } }
}

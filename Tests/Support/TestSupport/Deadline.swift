/// Thrown when something a test waits for does not happen before its deadline.
public struct TimedOut: Error, CustomStringConvertible {
    /// What the test waited for.
    public let what: String
    /// How long it waited.
    public let after: Duration

    /// A timeout for `what` after `after`.
    public init(what: String, after: Duration) {
        self.what = what
        self.after = after
    }

    /// `timed out after … waiting for …`.
    public var description: String { "timed out after \(after) waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` if it has not finished within `limit`.
///
/// Every test target waits on events with a deadline through this one function: the
/// operation is cancelled when the deadline passes first.
public func within<Value: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimedOut(what: what, after: limit)
        }
        return value
    }
}

/// Evaluates `check` every `interval` until it returns a value, failing with `TimedOut`
/// after `limit`.
///
/// Only for state that offers no notification to wait on — a port that starts answering, a
/// process that is not this one's child, `/proc`, a database's rows, a counter of the library
/// under test — and the call says which. Everything else is waited for through an `EventLog`
/// (or a ZooKeeper watch).
public func pollValue<Value: Sendable>(
    _ what: String, within limit: Duration, every interval: Duration = .milliseconds(50),
    _ check: @escaping @Sendable () async throws -> Value?
) async throws -> Value {
    try await within(limit, what) {
        while true {
            if let value = try await check() { return value }
            try await Task.sleep(for: interval)
        }
    }
}

/// Evaluates `condition` every `interval` until it holds, failing with `TimedOut` after
/// `limit`: `pollValue` for a condition (the same restriction applies).
public func poll(
    _ what: String, within limit: Duration, every interval: Duration = .milliseconds(50),
    until condition: @escaping @Sendable () async throws -> Bool
) async throws {
    _ = try await pollValue(what, within: limit, every: interval) { try await condition() ? true : nil }
}

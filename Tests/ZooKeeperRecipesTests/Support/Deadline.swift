import Foundation

/// Thrown when something a test waits for does not happen before its deadline.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let after: Duration
    var description: String { "timed out after \(after) waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` if it has not finished within `limit`.
func within<Value: Sendable>(
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

/// A service started in the background by a test, and stopped (cancelled) on demand.
final class Background: Sendable {
    private let task: Task<Void, any Error>

    init(_ operation: @escaping @Sendable () async throws -> Void) {
        task = Task { try await operation() }
    }

    /// Cancels the service and waits until it has returned.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A 64-bit SplitMix generator: the same seed, the same sequence, on every platform.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

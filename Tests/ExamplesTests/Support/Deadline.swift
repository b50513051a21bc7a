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

/// The package's root directory (this file is `Tests/ExamplesTests/Support/Deadline.swift`).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The directory of the products built with the test bundle (`.build/debug`).
func productDirectory() throws -> URL {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [directory, directory.deletingLastPathComponent()] {
        if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("example-worker").path) {
            return candidate
        }
    }
    throw TimedOut(what: "example-worker next to \(directory.path)", after: .zero)
}

import Foundation

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

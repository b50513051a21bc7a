import Foundation
import Logging
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The notifications a running `WebhookErrorHandler` has accepted and not yet delivered.
///
/// While the handler's `run()` runs, `offer` queues a notification (at most `limit`
/// outstanding) for `run()` to send; before `run()` starts and after it has stopped, `offer`
/// answers `notRunning` and the caller sends the notification itself. Nothing is ever sent
/// from a task that `run()` does not await.
final class WebhookOutbox: Sendable {
    /// One notification to deliver.
    struct Delivery: Sendable {
        let request: URLRequest
        let logger: Logger
    }

    /// What became of an offered notification.
    enum Offer: Equatable {
        /// Queued; `run()` sends it.
        case queued
        /// `limit` notifications are outstanding: this one is dropped.
        case full
        /// No `run()` is delivering: the caller sends it.
        case notRunning
    }

    private struct State {
        var continuation: AsyncStream<Delivery>.Continuation?
        var outstanding = 0
    }

    private let state = Mutex(State())

    /// Offers a notification; see ``Offer``.
    func offer(_ delivery: Delivery, limit: Int) -> Offer {
        state.withLock { state in
            guard let continuation = state.continuation else { return .notRunning }
            guard state.outstanding < limit else { return .full }
            guard case .enqueued = continuation.yield(delivery) else { return .notRunning }
            state.outstanding += 1
            return .queued
        }
    }

    /// Starts accepting notifications; nil when another `run()` already delivers.
    func open() -> AsyncStream<Delivery>? {
        state.withLock { state in
            guard state.continuation == nil else { return nil }
            let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
            state.continuation = continuation
            return stream
        }
    }

    /// Stops accepting notifications; those already queued are still delivered.
    func close() {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.finish()
    }

    /// Whether a `run()` accepts notifications.
    var isOpen: Bool { state.withLock { $0.continuation != nil } }

    /// Records that a queued notification was sent (or given up).
    func delivered() {
        state.withLock { $0.outstanding -= 1 }
    }
}

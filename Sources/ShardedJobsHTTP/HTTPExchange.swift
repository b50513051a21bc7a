import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request through `URLSession`, bounded by an overall deadline.
enum HTTPExchange {
    /// Sends `request` and returns the response's status; throws `HTTPJobError` on a timeout or
    /// a transport failure.
    ///
    /// swift-corelibs-foundation truncates `URLSession`'s timeouts to whole seconds (a 0.3 s
    /// timeout fires at once), so they are rounded up here and the exact `limit` is enforced by
    /// racing the request against a sleep.
    static func send(_ request: URLRequest, within limit: Duration) async throws -> Int {
        let uri = request.url?.absoluteString ?? ""
        var rounded = request
        rounded.timeoutInterval = request.timeoutInterval.rounded(.up)
        let prepared = rounded
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = prepared.timeoutInterval
        configuration.timeoutIntervalForResource = limit.seconds.rounded(.up)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let status = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                do {
                    let response = try await response(of: prepared, in: session)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                } catch let error as URLError where error.code == .timedOut {
                    return nil
                } catch let error as URLError where error.code == .cancelled {
                    throw CancellationError()
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw HTTPJobError(.transport, uri: uri, detail: "\(error)")
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        try Task.checkCancellation()
        guard let status else { throw HTTPJobError(.timedOut, uri: uri, timeout: limit) }
        return status
    }

    /// The response to a request, through a completion-handler data task.
    ///
    /// Not `URLSession.data(for:)`: on Linux its cancellation handler cancels the data task
    /// synchronously on the session's queue while holding the Swift task's status lock, and
    /// deadlocks against a completion being delivered at the same moment (seen in this
    /// project's tests). Here cancellation is handed to another queue.
    private static func response(of request: URLRequest, in session: URLSession) async throws -> URLResponse {
        let handle = DataTaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { _, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let response {
                        continuation.resume(returning: response)
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }
}

/// A data task that may be cancelled before or after it starts; cancellation runs on a
/// global queue, never inside the Swift task's cancellation handler.
private final class DataTaskHandle: Sendable {
    private struct State: @unchecked Sendable {
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        task.resume()
        if cancelled { cancel() }
    }

    func cancel() {
        let pending = state.withLock { state -> State in
            state.cancelled = true
            return state
        }
        guard pending.task != nil else { return }
        DispatchQueue.global().async { pending.task?.cancel() }
    }
}

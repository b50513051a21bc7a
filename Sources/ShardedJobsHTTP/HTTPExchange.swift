import Foundation

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
                    let (_, response) = try await session.data(for: prepared)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                } catch let error as URLError where error.code == .timedOut {
                    return nil
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw HTTPJobError(uri: uri, reason: .transport("\(error)"))
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
        guard let status else { throw HTTPJobError(uri: uri, reason: .timedOut(limit)) }
        return status
    }
}

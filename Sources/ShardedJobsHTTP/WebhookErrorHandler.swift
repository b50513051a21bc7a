import Foundation
import Logging
import ShardedJobs
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An error handler that POSTs each failure as JSON to a webhook, without ever delaying the
/// job.
///
/// ```swift
/// let notifier = try WebhookErrorHandler.fromEnvironment()      // SHARDED_JOBS_WEBHOOK_URL, …
/// try await scheduler.register(OrderSync(), configuration: configuration, errorHandler: notifier)
/// ```
///
/// The body is `{"job":…,"item":…,"instance":…,"stage":…,"error":…,"time":"2024-05-01T10:00:00.000Z"}`
/// (`item` is null for a listener's failure), with `Authorization: Bearer TOKEN` when a token is
/// set. The URL and the token come from local configuration or the environment, never from
/// ZooKeeper (whose data any reader of the namespace sees). Each notification is sent on a task
/// of its own with a timeout; at most `maximumInFlight` are outstanding, and failures beyond that
/// (or failed posts) are logged, not retried. The failure is also logged, as `LOG` does.
public struct WebhookErrorHandler: JobErrorHandler {
    /// The configuration name, `WEBHOOK` (resolved by `sharded-worker` from the environment).
    public static let typeName = "WEBHOOK"

    /// The webhook's URL.
    public let url: URL
    /// A bearer token sent in `Authorization`, if any.
    public let token: String?
    /// The longest one notification may take.
    public let timeout: Duration
    /// Notifications outstanding at most; more are dropped (and logged).
    public let maximumInFlight: Int
    private let inFlight: InFlight

    /// Creates a notifier posting to `url`.
    public init(url: URL, token: String? = nil, timeout: Duration = .seconds(3), maximumInFlight: Int = 64) {
        self.url = url
        self.token = token
        self.timeout = timeout
        self.maximumInFlight = maximumInFlight
        self.inFlight = InFlight()
    }

    /// A notifier configured by `SHARDED_JOBS_WEBHOOK_URL` (required),
    /// `SHARDED_JOBS_WEBHOOK_TOKEN` and `SHARDED_JOBS_WEBHOOK_TIMEOUT_MS` (3000).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WebhookErrorHandler
    {
        guard let text = environment["SHARDED_JOBS_WEBHOOK_URL"], let url = URL(string: text), url.scheme != nil else {
            throw JobConfigurationError(
                key: "SHARDED_JOBS_WEBHOOK_URL", message: "the WEBHOOK error handler needs a URL in SHARDED_JOBS_WEBHOOK_URL")
        }
        let milliseconds = environment["SHARDED_JOBS_WEBHOOK_TIMEOUT_MS"].flatMap(Int.init) ?? 3000
        return WebhookErrorHandler(
            url: url, token: environment["SHARDED_JOBS_WEBHOOK_TOKEN"], timeout: .milliseconds(max(1, milliseconds)))
    }

    /// Logs the failure and starts its notification; returns at once.
    public func handle(_ failure: JobFailure) {
        failure.logger.error("\(failure)")
        guard inFlight.enter(limit: maximumInFlight) else {
            failure.logger.warning("webhook: \(maximumInFlight) notifications outstanding; this one is dropped")
            return
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout.seconds
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(Self.message(failure).utf8)
        let (limit, inFlight, logger) = (timeout, inFlight, failure.logger)
        Task.detached {
            defer { inFlight.leave() }
            do {
                let status = try await HTTPExchange.send(request, within: limit)
                if status >= 400 { logger.warning("webhook answered status \(status)") }
            } catch {
                logger.warning("webhook notification failed: \(error)")
            }
        }
    }

    /// The JSON body for a failure.
    static func message(_ failure: JobFailure) -> String {
        var fields: [(String, Any)] = [("job", failure.jobName)]
        fields.append(("item", failure.item.map { $0 as Any } ?? NSNull()))
        fields += [
            ("instance", failure.instanceID), ("stage", failure.stage.description), ("error", "\(failure.error)"),
            ("time", timestamp(failure.time)),
        ]
        let body = fields.map { key, value in "\(quoted(key)):\(encoded(value))" }.joined(separator: ",")
        return "{" + body + "}"
    }

    private static func encoded(_ value: Any) -> String {
        switch value {
        case let text as String: quoted(text)
        case let number as Int: String(number)
        default: "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// Counts a webhook's outstanding notifications.
final class InFlight: Sendable {
    private let count = Mutex(0)

    func enter(limit: Int) -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        count.withLock { $0 -= 1 }
    }
}

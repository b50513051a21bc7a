import Foundation
import Logging
import ServiceLifecycle
import ShardedJobs

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An error handler that POSTs each failure as JSON to a webhook, without delaying the job.
///
/// It is also a `Service`: run it in the application's `ServiceGroup` *before* the scheduler,
/// so that graceful shutdown stops it after the scheduler (the services of a group stop in
/// reverse order) and it delivers the notifications of the jobs' last items. Register it in
/// the scheduler's settings and name it in the configuration (`WEBHOOK`), or pass it to
/// `register(…, errorHandler:)` for one job:
///
/// ```swift
/// let notifier = try WebhookErrorHandler.fromEnvironment()      // SHARDED_JOBS_WEBHOOK_URL, …
/// var settings = SchedulerSettings()
/// try settings.errorHandlers.register(notifier)
/// let scheduler = JobScheduler(zooKeeper: zooKeeper, settings: settings, logger: logger)
/// try await scheduler.register(OrderSync(), configuration: JobConfiguration(
///     name: "order-sync", schedule: .cron("0 * * * * ?"), shardingTotalCount: 4, errorHandler: .webhook))
/// try await ServiceGroup(services: [notifier, scheduler], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
///
/// The body is `{"job":…,"item":…,"instance":…,"stage":…,"error":…,"time":"2024-05-01T10:00:00.000Z"}`
/// (`item` is null for a listener's failure), with `Authorization: Bearer TOKEN` when a token is
/// set. The URL and the token come from local configuration or the environment, never from
/// ZooKeeper (whose data any reader of the namespace sees). The failure is also logged, as
/// `LOG` does.
///
/// While ``run()`` runs, `handle` queues the notification and returns at once; `run()` sends
/// each on a child task of its own with a timeout, at most ``maximumInFlight`` outstanding
/// (failures beyond that, and failed posts, are logged, not retried). On graceful shutdown
/// `run()` stops accepting notifications, sends those it holds and returns; on cancellation
/// it abandons them. When it is not running (not started yet, or stopped), `handle` sends
/// the notification itself, within the item's time. No notification is ever sent from a task
/// that nobody awaits.
public struct WebhookErrorHandler: JobErrorHandler, Service {
    /// The webhook's URL.
    public let url: URL
    /// A bearer token sent in `Authorization`, if any.
    public let token: String?
    /// The longest one notification may take.
    public let timeout: Duration
    /// Notifications outstanding at most; more are dropped (and logged).
    public let maximumInFlight: Int
    private let outbox: WebhookOutbox

    /// Creates a notifier posting to `url`.
    public init(url: URL, token: String? = nil, timeout: Duration = .seconds(3), maximumInFlight: Int = 64) {
        self.url = url
        self.token = token
        self.timeout = timeout
        self.maximumInFlight = maximumInFlight
        self.outbox = WebhookOutbox()
    }

    /// The configuration name, `WEBHOOK` (`ErrorHandlerName.webhook`).
    public var name: ErrorHandlerName { .webhook }

    /// A notifier configured by `SHARDED_JOBS_WEBHOOK_URL` (required),
    /// `SHARDED_JOBS_WEBHOOK_TOKEN` and `SHARDED_JOBS_WEBHOOK_TIMEOUT_MS` (3000).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WebhookErrorHandler
    {
        guard let text = environment["SHARDED_JOBS_WEBHOOK_URL"], let url = URL(string: text), url.scheme != nil else {
            throw JobConfigurationError(
                .missing, key: "SHARDED_JOBS_WEBHOOK_URL",
                message: "the WEBHOOK error handler needs a URL in SHARDED_JOBS_WEBHOOK_URL")
        }
        let milliseconds = environment["SHARDED_JOBS_WEBHOOK_TIMEOUT_MS"].flatMap(Int.init) ?? 3000
        return WebhookErrorHandler(
            url: url, token: environment["SHARDED_JOBS_WEBHOOK_TOKEN"], timeout: .milliseconds(max(1, milliseconds)))
    }

    /// Logs the failure and hands its notification to ``run()``; sends it itself when
    /// `run()` is not running.
    public func handle(_ failure: JobFailure) async {
        failure.logger.error("\(failure)")
        let delivery = WebhookOutbox.Delivery(request: request(for: failure), logger: failure.logger)
        switch outbox.offer(delivery, limit: maximumInFlight) {
        case .queued:
            return
        case .full:
            failure.logger.warning("webhook: \(maximumInFlight) notifications outstanding; this one is dropped")
        case .notRunning:
            await send(delivery)
        }
    }

    /// Sends the notifications `handle` queues until graceful shutdown (then sends what it
    /// holds and returns) or cancellation.
    ///
    /// A second `run()` while one runs does nothing until it is shut down or cancelled.
    public func run() async throws {
        guard let deliveries = outbox.open() else {
            try? await gracefulShutdown()
            return
        }
        let outbox = self.outbox
        await withTaskGroup(of: Void.self) { group in
            await withGracefulShutdownHandler {
                await withTaskCancellationHandler {
                    for await delivery in deliveries {
                        group.addTask {
                            await send(delivery)
                            outbox.delivered()
                        }
                    }
                } onCancel: {
                    outbox.close()
                }
            } onGracefulShutdown: {
                outbox.close()
            }
            await group.waitForAll()
        }
    }

    /// Whether ``run()`` is accepting notifications (for tests).
    var isDelivering: Bool { outbox.isOpen }

    /// Posts one notification within ``timeout``, logging a failure.
    private func send(_ delivery: WebhookOutbox.Delivery) async {
        do {
            let status = try await HTTPExchange.send(delivery.request, within: timeout)
            if status >= 400 { delivery.logger.warning("webhook answered status \(status)") }
        } catch {
            delivery.logger.warning("webhook notification failed: \(error)")
        }
    }

    /// The POST request for a failure.
    private func request(for failure: JobFailure) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout.seconds
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(Self.message(failure).utf8)
        return request
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

extension ErrorHandlerName {
    /// `WEBHOOK`: post each failure to a webhook (``WebhookErrorHandler``, registered in the
    /// scheduler's settings).
    public static let webhook = ErrorHandlerName("WEBHOOK")
}

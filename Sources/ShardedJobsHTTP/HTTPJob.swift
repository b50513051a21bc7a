import Foundation
import ShardedJobs

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `HTTP` job type: each item sends one HTTP request configured by the job's props.
///
/// ```swift
/// try await scheduler.register(HTTPJob(), configuration: JobConfiguration(
///     name: "ping-billing", schedule: .cron("0 * * * * ?"), shardingTotalCount: 3,
///     props: ["http.uri": "http://billing.internal/jobs/close", "http.method": "POST",
///             "http.data": "mode=daily", "http.content.type": "application/x-www-form-urlencoded"]))
/// ```
///
/// Props (ElasticJob's names): `http.uri` and `http.method` (required), `http.data` (the body,
/// sent when not empty and the method is not `GET`/`HEAD`), `http.content.type`,
/// `http.connect.timeout.milliseconds` (3000) and `http.read.timeout.milliseconds` (5000). The
/// item's context JSON goes in the header `shardingContext`, non-ASCII characters escaped as
/// `\uXXXX`. A status of 400 or more fails the item with an ``HTTPJobError`` (ElasticJob logs
/// it and counts the item a success; here the error handler is told).
///
/// Foundation's `URLSession` has no separate connect timeout: the read timeout is the idle
/// timeout of the request, and connect + read bound the whole exchange.
public struct HTTPJob: SimpleJob, NamedJobType {
    /// The job type recorded in `/{job}`, `HTTP`.
    public static let jobTypeName = "HTTP"

    /// Creates the job; its settings come from the job's props at each fire.
    public init() {}

    /// Sends the item's request; throws for a status of 400 or more, a timeout or a transport error.
    public func execute(_ context: ShardingContext) async throws {
        let settings = try HTTPJobSettings(context.jobProperties)
        var request = URLRequest(url: settings.uri)
        request.httpMethod = settings.method
        request.timeoutInterval = settings.readTimeout.seconds
        request.setValue(context.json(asciiOnly: true), forHTTPHeaderField: "shardingContext")
        if let contentType = settings.contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if !settings.data.isEmpty && !["GET", "HEAD"].contains(settings.method) {
            request.httpBody = Data(settings.data.utf8)
        }
        let status = try await HTTPExchange.send(request, within: settings.connectTimeout + settings.readTimeout)
        context.logger.debug("HTTP job: \(settings.method) \(settings.uri) answered \(status)")
        guard status < 400 else { throw HTTPJobError(.status, uri: settings.uri.absoluteString, status: status) }
    }
}

extension Duration {
    /// The duration in seconds, as Foundation's time intervals count.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

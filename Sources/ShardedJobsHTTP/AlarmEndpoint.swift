import Foundation
import ShardedJobs

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the HTTP alarm notifiers share: their URL from the environment, the POST, the JSON.
enum AlarmEndpoint {
    /// The URL in `variable`; nil when it is not set, an error naming it when it is not one.
    static func url(in environment: [String: String], variable: String) throws -> URL? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()) else {
            throw JobConfigurationError(.invalidValue, key: variable, message: "\"\(text)\" is not an http or https URL")
        }
        return url
    }

    /// POSTs `body` as JSON with the request's URL and headers; throws unless the answer is 2xx.
    static func post(_ body: Data, to request: URLRequest, within timeout: Duration) async throws {
        var request = request
        request.httpMethod = "POST"
        request.timeoutInterval = timeout.seconds
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let status = try await HTTPExchange.send(request, within: timeout)
        guard (200..<300).contains(status) else {
            throw HTTPJobError(.status, uri: request.url?.absoluteString ?? "", status: status)
        }
    }

    /// `value` as JSON with sorted keys and unescaped slashes.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// An instant as ISO 8601 with milliseconds, in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

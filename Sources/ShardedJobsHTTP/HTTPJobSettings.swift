import Foundation
import ShardedJobs

/// An HTTP job's settings, read from its props.
struct HTTPJobSettings: Sendable {
    let uri: URL
    let method: String
    let data: String
    let contentType: String?
    let connectTimeout: Duration
    let readTimeout: Duration

    init(_ props: [String: String]) throws(JobConfigurationError) {
        guard let text = props["http.uri"], !text.isEmpty else {
            throw JobConfigurationError(.missing, key: "props.http.uri", message: "an HTTP job needs http.uri")
        }
        guard let uri = URL(string: text), let scheme = uri.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw JobConfigurationError(.invalidValue, key: "props.http.uri", message: "\"\(text)\" is not an http or https URL")
        }
        guard let method = props["http.method"]?.uppercased(), !method.isEmpty else {
            throw JobConfigurationError(.missing, key: "props.http.method", message: "an HTTP job needs http.method")
        }
        self.uri = uri
        self.method = method
        data = props["http.data"] ?? ""
        contentType = props["http.content.type"].flatMap { $0.isEmpty ? nil : $0 }
        connectTimeout = try Self.milliseconds(props, "http.connect.timeout.milliseconds", default: 3000)
        readTimeout = try Self.milliseconds(props, "http.read.timeout.milliseconds", default: 5000)
    }

    private static func milliseconds(_ props: [String: String], _ key: String, default value: Int) throws(JobConfigurationError)
        -> Duration
    {
        guard let text = props[key] else { return .milliseconds(value) }
        guard let parsed = Int(text), parsed > 0 else {
            throw JobConfigurationError(.invalidValue, key: "props." + key, message: "\"\(text)\" is not a positive number of milliseconds")
        }
        return .milliseconds(parsed)
    }
}

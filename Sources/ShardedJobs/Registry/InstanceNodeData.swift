import Foundation

/// The data of an ephemeral `/{job}/instances/{instanceId}` node, as ElasticJob-Lite 3.0 writes it.
///
/// A YAML mapping with exactly ElasticJob's keys, in alphabetical order,
/// `labels` only when set:
///
/// ```yaml
/// jobInstanceId: 10.0.0.5@-@1234
/// labels: blue
/// serverIp: '10.0.0.5'
/// ```
///
/// No other key may be written: ElasticJob's reader rejects unknown keys.
/// This reader, like the configuration's, ignores them. (The IP is quoted
/// because some YAML 1.1 parsers read `10.0.0.5` as a number.)
public struct InstanceNodeData: Sendable, Hashable {
    /// The instance's id, the same as the node's name.
    ///
    /// Written as `jobInstanceId`.
    public var jobInstanceID: JobInstanceID
    /// The IP of the instance's server, which names its `servers/{ip}` node.
    ///
    /// Written as `serverIp`; normally the id's ``JobInstanceID/ip``.
    public var serverIP: String
    /// The instance's labels, sorted and joined by `,` (DESIGN 12.8), or `nil`.
    ///
    /// Written as `labels` when set; ``placementLabels`` splits them.
    public var labels: String?

    /// The labels as a set: ``labels`` split at `,`, blanks trimmed, empty names dropped.
    public var placementLabels: Set<String> {
        Set((labels ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// Creates the data of an instance node.
    ///
    /// `serverIP` defaults to the id's IP.
    public init(jobInstanceID: JobInstanceID, serverIP: String? = nil, labels: String? = nil) {
        self.jobInstanceID = jobInstanceID
        self.serverIP = serverIP ?? jobInstanceID.ip
        self.labels = labels
    }

    /// The node's YAML text.
    ///
    /// ``init(yaml:)-(String)`` reads it back to an equal value.
    public var yaml: String {
        var lines = ["jobInstanceId: \(YAMLScalar.format(jobInstanceID.description))"]
        if let labels { lines.append("labels: \(YAMLScalar.format(labels))") }
        lines.append("serverIp: \(YAMLScalar.format(serverIP))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The YAML as UTF-8 bytes, ready to write to the node.
    ///
    /// Same text as ``yaml``.
    public var yamlBytes: [UInt8] { Array(yaml.utf8) }

    /// Reads the data of an instance node.
    ///
    /// `jobInstanceId` is required and must parse as a ``JobInstanceID``;
    /// a missing `serverIp` defaults to the id's IP (ElasticJob before 3.0
    /// wrote only the id); unknown keys are ignored.
    public init(yaml text: String) throws(DecodingError) {
        do throws(JobConfigurationError) {
            let reader = try YAMLMappingReader(text)
            let idText = try reader.requiredString("jobInstanceId")
            guard let id = JobInstanceID(idText) else {
                throw JobConfigurationError(.invalidValue, key: "jobInstanceId", message: "\"\(idText)\" is not an instance id {ip}@-@{pid}")
            }
            self.init(jobInstanceID: id, serverIP: try reader.string("serverIp"), labels: try reader.string("labels"))
        } catch {
            throw DecodingError(key: error.key, message: error.message)
        }
    }

    /// Reads the data of an instance node from its bytes, decoded as UTF-8.
    ///
    /// See ``init(yaml:)-(String)``.
    public init(yaml bytes: [UInt8]) throws(DecodingError) {
        try self.init(yaml: String(decoding: bytes, as: UTF8.self))
    }

    /// Malformed instance node data, naming the key that is wrong.
    ///
    /// Prints as one line, `key: message`, like ``JobConfigurationError``.
    /// The key is `jobInstanceId`, `serverIp` or `labels`, or `document`
    /// for text that is not a YAML mapping.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The key concerned, or `document`.
        ///
        /// ElasticJob's spelling.
        public let key: String
        /// Why the data is rejected.
        ///
        /// Reads well after `key: `.
        public let message: String

        /// The error as one line, `key: message`.
        ///
        /// For logs.
        public var description: String { "\(key): \(message)" }

        init(key: String, message: String) {
            self.key = key == JobConfigurationError.documentKey ? "document" : key
            self.message = message
        }
    }
}

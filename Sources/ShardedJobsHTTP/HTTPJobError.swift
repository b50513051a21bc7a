/// Why an HTTP job's item (or a webhook notification) failed.
public struct HTTPJobError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; extensible without breaking exhaustive switches.
    ///
    /// Compare with the static members (`error.code == .status`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case status, timedOut, transport
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The server answered with a status of 400 or more (``HTTPJobError/status``).
        public static let status = Code(.status)
        /// No complete answer within the time allowed (``HTTPJobError/timeout``).
        public static let timedOut = Code(.timedOut)
        /// The request failed before an answer: refused, unreachable, TLS, … (``HTTPJobError/detail``).
        public static let transport = Code(.transport)

        /// The code's name, such as `timedOut`.
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The request's URL.
    public let uri: String
    /// The status the server answered, for ``Code/status``.
    public let status: Int?
    /// The time allowed, for ``Code/timedOut``.
    public let timeout: Duration?
    /// What the transport reported, for ``Code/transport``.
    public let detail: String?

    /// Creates an error; give the context its code documents.
    public init(_ code: Code, uri: String, status: Int? = nil, timeout: Duration? = nil, detail: String? = nil) {
        self.code = code
        self.uri = uri
        self.status = status
        self.timeout = timeout
        self.detail = detail
    }

    /// A sentence naming the URL and the failure.
    public var description: String {
        switch code {
        case .status: "HTTP \(uri) answered status \(status.map(String.init) ?? "?")"
        case .timedOut: "HTTP \(uri) did not answer within \(timeout.map { "\($0)" } ?? "?")"
        case .transport: "HTTP \(uri) failed: \(detail ?? "")"
        default: "HTTP \(uri) failed: \(code)"
        }
    }
}

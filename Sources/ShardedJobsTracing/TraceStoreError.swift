/// An error of a ``TraceStore`` that the writer must tell apart from an outage.
public struct TraceStoreError: Error, Hashable, CustomStringConvertible {
    /// What went wrong, extensible without breaking exhaustive switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case rejected
            case invalidConfiguration
        }

        private let value: Value

        /// The store will never accept this batch (the writer drops it and counts it dropped).
        public static let rejected = Code(value: .rejected)
        /// The store's settings are missing or wrong (an environment variable, a path).
        public static let invalidConfiguration = Code(value: .invalidConfiguration)

        /// The code's name.
        public var description: String {
            switch value {
            case .rejected: "rejected"
            case .invalidConfiguration: "invalidConfiguration"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// Details for a human.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

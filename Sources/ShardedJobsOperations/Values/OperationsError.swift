/// Why an operation was not carried out, with a message that says what to do next.
///
/// The code is an extensible struct, so new codes do not break exhaustive
/// switches. `shardctl` maps ``Code/notFound`` to exit status 3 and every
/// other code to 1.
public struct OperationsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// A one-line explanation, ending with what the operator can do.
    public let message: String

    /// Creates an error.
    ///
    /// `message` should name the thing concerned and the next step.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    ///
    /// Printed as it is by `shardctl`.
    public var description: String { message }

    /// An extensible error code.
    ///
    /// Compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String

        /// A namespace, job, server, instance or item does not exist.
        public static let notFound = Code(name: "notFound")
        /// A value given to the operation is invalid (a bad cron, a bad configuration key or value).
        public static let invalidValue = Code(name: "invalidValue")
        /// The operation is refused in the cluster's present state (a job online, a job that exists).
        public static let refused = Code(name: "refused")
        /// ZooKeeper refused or failed the request (no permission, no connection, a concurrent change).
        public static let coordination = Code(name: "coordination")

        /// The code's name, such as `notFound`.
        public var description: String { name }
    }
}

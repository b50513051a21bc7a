/// An error of a recipe itself (as opposed to a `ZooKeeperError` from the server or client):
/// a timeout, or a recipe used out of its lifecycle.
///
/// Like `ZooKeeperError`, the code is an extensible struct, so new codes do not break a
/// caller's `switch`.
public struct RecipeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let code: Code
    /// The recipe's path.
    public let path: String
    /// Extra detail for people reading logs.
    public let detail: String

    /// Creates an error.
    public init(code: Code, path: String, detail: String) {
        self.code = code
        self.path = path
        self.detail = detail
    }

    /// One line naming the code, the path and the detail.
    public var description: String { "\(code) at \(path): \(detail)" }

    /// An extensible error code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// A wait ended at its deadline (a lock not acquired in time).
        public static let timedOut = Code("timedOut")
        /// `run()` was called on a recipe that already runs or has run.
        public static let alreadyStarted = Code("alreadyStarted")
        /// A mutex is already held or being acquired through this instance.
        public static let alreadyHeld = Code("alreadyHeld")
        /// `release()` was called on a mutex this instance does not hold.
        public static let notHeld = Code("notHeld")
        /// The recipe has stopped (its service returned) before the awaited thing happened.
        public static let closed = Code("closed")

        /// The code's name.
        public var description: String { name }
    }
}

/// Why a chaos scenario could not be carried out (as opposed to a check that failed, which
/// is a `CheckReport` with duplicates or lost item-fires).
public struct ChaosError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the evidence the harness had.
    public let description: String

    /// Creates an error with its message.
    ///
    /// - Parameter description: What went wrong.
    public init(_ description: String) {
        self.description = description
    }

    /// Something waited for did not happen before its deadline.
    ///
    /// - Parameters:
    ///   - what: What was waited for.
    ///   - after: The deadline.
    /// - Returns: The error.
    public static func timedOut(_ what: String, after: Duration) -> ChaosError {
        ChaosError("timed out after \(after) waiting for \(what)")
    }
}

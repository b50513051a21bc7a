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
}

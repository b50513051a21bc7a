/// Thrown when something a test kit wait promised did not happen within its timeout.
public struct JobTestTimeout: Error, Sendable, CustomStringConvertible {
    /// What was waited for.
    public let what: String
    /// How long.
    public let timeout: Duration

    /// `timed out after … waiting for …`.
    public var description: String { "timed out after \(timeout) waiting for \(what)" }
}

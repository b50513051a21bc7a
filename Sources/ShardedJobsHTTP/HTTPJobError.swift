/// Why an HTTP job's item (or a webhook notification) failed.
public struct HTTPJobError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// The server answered with this status (400 or more).
        case status(Int)
        /// No complete answer within this time.
        case timedOut(Duration)
        /// The request failed before an answer (refused, unreachable, TLS, …).
        case transport(String)
    }

    /// The request's URL.
    public let uri: String
    /// What went wrong.
    public let reason: Reason

    /// The status, when the server answered.
    public var status: Int? {
        if case .status(let status) = reason { return status }
        return nil
    }

    /// A sentence naming the URL and the failure.
    public var description: String {
        switch reason {
        case .status(let status): "HTTP \(uri) answered status \(status)"
        case .timedOut(let limit): "HTTP \(uri) did not answer within \(limit)"
        case .transport(let why): "HTTP \(uri) failed: \(why)"
        }
    }
}

/// One line of the twin's journal: a fault, a control, or something a fault caused.
///
/// The simulator reads it to tell exactly when a worker was cut off or lost its session.
@_spi(Simulation)
public struct TwinJournalEntry: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        case connectionsDropped
        case replyLost
        case clientCut
        case clientHealed
        case memberCut
        case memberDetached
        case memberRejoined
        case lagChanged
        case serversDown
        case serversUp
        case sessionExpired
        case sessionClosed
        case authenticationRefused
    }

    /// The twin's clock reading, in nanoseconds.
    public let at: Int64
    public let kind: Kind
    /// The transport name of the client concerned, if one is.
    public let client: String?
    /// Details: the member, the session id, the request.
    public let detail: String

    /// `at kind client detail`.
    public var description: String {
        "\(at) \(kind.rawValue)" + (client.map { " \($0)" } ?? "") + (detail.isEmpty ? "" : " \(detail)")
    }
}

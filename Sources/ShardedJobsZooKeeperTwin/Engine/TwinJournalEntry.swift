/// One line of the twin's journal: a fault, a control, or something a fault caused.
///
/// The simulator reads it to tell exactly when a worker was cut off or lost its session.
@_spi(Simulation)
public struct TwinJournalEntry: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        /// A client's connections were broken (`dropConnections(of:)`).
        case connectionsDropped
        /// A reply was lost: the request was applied, the connection broken.
        case replyLost
        /// A client was cut off from every server.
        case clientCut
        /// A client's cut ended.
        case clientHealed
        /// A follower was cut off from its leader.
        case memberCut
        /// A client was connected to a follower when it was cut off from its leader: its writes,
        /// syncs and session touches no longer reach the leader (one entry per client).
        case clientOnCutMember
        /// A follower cut off from its leader gave up after `syncLimit` ticks.
        case memberDetached
        /// A follower reached its leader again.
        case memberRejoined
        /// A follower's lag changed.
        case lagChanged
        /// The delay of a client's link changed (`slow(_:by:)`).
        case linkDelayChanged
        /// Every server stopped (a restart began).
        case serversDown
        /// Every server started again on its data.
        case serversUp
        /// The leader expired a session.
        case sessionExpired
        /// A client closed its session.
        case sessionClosed
        /// The servers refused a client's credentials.
        case authenticationRefused
        /// A member refused a client that had seen a later zxid than its own.
        case refusedBehind
        /// A client's process was frozen.
        case clientFrozen
        /// A client's process runs again.
        case clientThawed
        /// A client's process died: its connections closed, its session left to expire.
        case clientCrashed
    }

    /// The twin's clock reading, in nanoseconds.
    public let at: Int64
    /// What happened.
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

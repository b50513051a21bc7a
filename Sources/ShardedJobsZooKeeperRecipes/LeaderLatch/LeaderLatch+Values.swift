extension LeaderLatch {
    /// A change of a latch's leadership, as its `events()` sequence reports it.
    public enum Event: Hashable, Sendable, CustomStringConvertible {
        /// This contender is now the leader.
        case isLeader(Leadership)
        /// This contender is not the leader (any more).
        case notLeader

        /// `isLeader(<node>)` or `notLeader`.
        public var description: String {
            switch self {
            case .isLeader(let leadership): "isLeader(\(leadership.nodePath))"
            case .notLeader: "notLeader"
            }
        }
    }

    /// What a leader knows about its leadership: the node that won and the session that owns it.
    ///
    /// Work done as leader should check `client.isLeaseValid(forSession: sessionID)` at its
    /// commit points (or `latch.hasLeadership`): a newer session's lease does not vouch for it.
    public struct Leadership: Hashable, Sendable {
        /// The session that owns the winning node (its `ephemeralOwner`).
        public let sessionID: Int64
        /// The winning node's path, with its sequence suffix.
        public let nodePath: String
        /// The participant id stored in the node.
        public let participantID: String

        /// Creates a value (useful in tests).
        public init(sessionID: Int64, nodePath: String, participantID: String) {
            self.sessionID = sessionID
            self.nodePath = nodePath
            self.participantID = participantID
        }
    }

    /// When a leader gives up its leadership because of the connection.
    public enum LossPolicy: Hashable, Sendable, CustomStringConvertible {
        /// On `suspended`: as soon as the connection drops, even if the session may still live.
        /// The stricter choice, and the default: a leader never acts while it cannot hear the
        /// ensemble. Leadership comes back on `reconnected` once the node is re-validated.
        case suspended
        /// On `lost` only: leadership survives a suspension that ends in `reconnected`. Between
        /// the drop and the loss, the leader relies on the client's lease (`hasLeadership`
        /// checks it), which ends before the server can expire the session.
        case lost

        /// The policy's name.
        public var description: String {
            switch self {
            case .suspended: "suspended"
            case .lost: "lost"
            }
        }
    }

    /// One contender, as `participants()` reads it.
    public struct Participant: Hashable, Sendable {
        /// The participant id stored in the contender's node.
        public let id: String
        /// The contender's node.
        public let nodePath: String
        /// The session that owns the node.
        public let sessionID: Int64
        /// Whether the node is first in the queue.
        public let isLeader: Bool

        /// Creates a value (useful in tests).
        public init(id: String, nodePath: String, sessionID: Int64, isLeader: Bool) {
            self.id = id
            self.nodePath = nodePath
            self.sessionID = sessionID
            self.isLeader = isLeader
        }
    }
}

/// A change of the client's connection or session, in the order it happened.
///
/// `suspended` means the connection is down but the session may still live: stop starting
/// work that needs the session. `reconnected` means the same session is back. `lost` means the
/// session is over (the server said it expired, or the client's lease ran out); everything
/// built on it is gone, and the client opens a new session by itself, reported by `connected`.
public enum SessionEvent: Hashable, Sendable, CustomStringConvertible {
    /// A new session is established (the first one, or a replacement after `lost`).
    case connected(ZooKeeperSession)
    /// The connection dropped; the session may still be alive.
    case suspended
    /// The connection is back, with the same session.
    case reconnected
    /// The session is over; a new one will follow.
    case lost(LossReason)

    /// The event as a word, with the session id for `connected`.
    public var description: String {
        switch self {
        case .connected(let session): "connected(\(session.idString))"
        case .suspended: "suspended"
        case .reconnected: "reconnected"
        case .lost(let reason): "lost(\(reason))"
        }
    }

    /// Why a session ended.
    public enum LossReason: Hashable, Sendable, CustomStringConvertible {
        /// The server reported the session expired.
        case expired
        /// The client's lease deadline passed without proof that the server still heard it.
        case leaseExpired
        /// The server rejected the client's credentials.
        case authenticationFailed

        /// The reason's name.
        public var description: String {
            switch self {
            case .expired: "expired"
            case .leaseExpired: "leaseExpired"
            case .authenticationFailed: "authenticationFailed"
            }
        }
    }
}

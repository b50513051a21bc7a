/// What ended a one-shot watch.
///
/// A node event (`created`, `deleted`, `dataChanged`, `childrenChanged`) is the server's
/// notification. `sessionEnded` means the session that held the watch is gone (expired, lost
/// or closed): the watch will never fire, and the caller should read again on the new session.
public struct WatchEvent: Hashable, Sendable, CustomStringConvertible {
    /// The kind of event.
    public let kind: Kind
    /// The watched path, relative to the client's namespace.
    public let path: String

    /// Creates an event (useful in tests and in-memory twins).
    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// Whether the node or its children changed (as opposed to the session ending).
    public var isNodeEvent: Bool { kind != .sessionEnded }

    /// The event as `kind path`.
    public var description: String { "\(kind) \(path)" }

    /// The kind of a watch event.
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        /// The node was created (existence watches).
        case created
        /// The node was deleted.
        case deleted
        /// The node's data changed.
        case dataChanged
        /// The node's children changed.
        case childrenChanged
        /// The session holding the watch ended; the watch will not fire.
        case sessionEnded

        /// The kind's name.
        public var description: String {
            switch self {
            case .created: "created"
            case .deleted: "deleted"
            case .dataChanged: "dataChanged"
            case .childrenChanged: "childrenChanged"
            case .sessionEnded: "sessionEnded"
            }
        }
    }
}

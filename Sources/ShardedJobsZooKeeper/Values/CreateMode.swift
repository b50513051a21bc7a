import CShardedJobsZooKeeper

/// How a node is created: persistent or ephemeral, sequential or not, or a container.
public struct CreateMode: Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    /// A node that lives until it is deleted.
    public static let persistent = CreateMode(rawValue: 0)
    /// A node deleted when the session that created it ends.
    public static let ephemeral = CreateMode(rawValue: 1)
    /// A persistent node whose name gets a ten-digit, monotonically increasing suffix.
    public static let persistentSequential = CreateMode(rawValue: 2)
    /// An ephemeral node whose name gets a ten-digit, monotonically increasing suffix.
    public static let ephemeralSequential = CreateMode(rawValue: 3)
    /// A node the server deletes once its last child is gone.
    public static let container = CreateMode(rawValue: 4)

    /// Whether the server appends a sequence number to the name.
    public var isSequential: Bool { rawValue == 2 || rawValue == 3 }

    /// Whether the node ends with its session.
    public var isEphemeral: Bool { rawValue == 1 || rawValue == 3 }

    /// The mode's name.
    public var description: String {
        switch rawValue {
        case 0: "persistent"
        case 1: "ephemeral"
        case 2: "persistentSequential"
        case 3: "ephemeralSequential"
        default: "container"
        }
    }
}

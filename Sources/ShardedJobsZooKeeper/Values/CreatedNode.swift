/// What a create returned: the node's actual path and its stat.
///
/// For a sequential node, `path` carries the sequence suffix the server chose.
public struct CreatedNode: Hashable, Sendable {
    /// The path of the new node, relative to the client's namespace.
    public var path: String
    /// The new node's metadata; `czxid` is the zxid of the creating transaction.
    public var stat: NodeStat

    /// Creates a value (useful in tests and in-memory twins).
    public init(path: String, stat: NodeStat) {
        self.path = path
        self.stat = stat
    }

    /// The last path component (the node's name).
    public var name: String { ZooKeeperPath.lastComponent(of: path) }
}

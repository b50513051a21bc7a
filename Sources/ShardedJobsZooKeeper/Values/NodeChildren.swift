/// The names of a node's children and the parent's stat, as one read returned them.
public struct NodeChildren: Hashable, Sendable {
    /// Child names (not full paths), in the order the server returned them (unordered).
    public var names: [String]
    /// The parent node's metadata at the time of the read.
    public var stat: NodeStat

    /// Creates a value (useful in tests and in-memory twins).
    public init(names: [String], stat: NodeStat) {
        self.names = names
        self.stat = stat
    }
}

/// A node's data and its stat, as one read returned them.
public struct NodeData: Hashable, Sendable {
    /// The node's bytes (empty for a node created without data).
    public var bytes: [UInt8]
    /// The node's metadata at the time of the read.
    public var stat: NodeStat

    /// Creates a value (useful in tests and in-memory twins).
    public init(bytes: [UInt8], stat: NodeStat) {
        self.bytes = bytes
        self.stat = stat
    }

    /// The data decoded as UTF-8 (invalid sequences are repaired), the way `zkCli` shows it.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

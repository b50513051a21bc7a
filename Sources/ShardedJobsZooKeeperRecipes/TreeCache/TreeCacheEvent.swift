import ShardedJobsZooKeeper

/// A change of a `TreeCache`'s mirror, or the end of its initial load.
///
/// Node events carry the node's path (relative to the client's namespace) and its data and
/// stat: the new ones for `added` and `updated`, the last known ones for `removed`. A removed
/// subtree reports its descendants before the node itself.
public enum TreeCacheEvent: Hashable, Sendable, CustomStringConvertible {
    /// A node entered the mirror (created, or found at the initial load or after a resync).
    case added(path: String, node: NodeData)
    /// A node's data changed (or it was deleted and created again between two reads).
    case updated(path: String, node: NodeData)
    /// A node left the mirror (deleted, or found missing after a resync).
    case removed(path: String, node: NodeData)
    /// The initial load is complete: the mirror reflects the whole subtree.
    case initialized

    /// The node's path; nil for `initialized`.
    public var path: String? {
        switch self {
        case .added(let path, _), .updated(let path, _), .removed(let path, _): path
        case .initialized: nil
        }
    }

    /// The node's data and stat; nil for `initialized`.
    public var node: NodeData? {
        switch self {
        case .added(_, let node), .updated(_, let node), .removed(_, let node): node
        case .initialized: nil
        }
    }

    /// `added /a/b (version 3)` and the like.
    public var description: String {
        switch self {
        case .added(let path, let node): "added \(path) (version \(node.stat.version))"
        case .updated(let path, let node): "updated \(path) (version \(node.stat.version))"
        case .removed(let path, let node): "removed \(path) (version \(node.stat.version))"
        case .initialized: "initialized"
        }
    }
}

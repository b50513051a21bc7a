/// The result of one operation of a successful `multi`, in the order of the operations.
public enum ZooKeeperOperationResult: Hashable, Sendable {
    /// A node was created at this path (with its sequence suffix, if any).
    case created(path: String)
    /// A node was deleted.
    case deleted
    /// A node's data was replaced; the stat's `mzxid` is the multi's transaction id.
    case dataSet(NodeStat)
    /// A version check passed.
    case checked

    /// The stat of a `setData` result, or nil.
    public var stat: NodeStat? {
        if case .dataSet(let stat) = self { return stat }
        return nil
    }

    /// The created path of a `create` result, or nil.
    public var createdPath: String? {
        if case .created(let path) = self { return path }
        return nil
    }
}

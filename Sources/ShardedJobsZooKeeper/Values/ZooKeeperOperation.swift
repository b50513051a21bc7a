/// One operation of an atomic `multi`.
///
/// A multi applies all of its operations in one transaction or none of them. `check` asserts a
/// node's version without changing it, which makes a multi conditional on nodes it does not write.
public enum ZooKeeperOperation: Hashable, Sendable {
    /// Create a node.
    case create(path: String, data: [UInt8] = [], mode: CreateMode = .persistent)
    /// Delete a node, if its version matches (`-1` matches any version).
    case delete(path: String, version: Int32 = -1)
    /// Replace a node's data, if its version matches (`-1` matches any version).
    case setData(path: String, data: [UInt8], version: Int32 = -1)
    /// Assert a node's version.
    case check(path: String, version: Int32)

    /// The path the operation concerns.
    public var path: String {
        switch self {
        case .create(let path, _, _), .delete(let path, _), .setData(let path, _, _), .check(let path, _): path
        }
    }

    var isSequentialCreate: Bool {
        if case .create(_, _, let mode) = self { return mode.isSequential }
        return false
    }
}

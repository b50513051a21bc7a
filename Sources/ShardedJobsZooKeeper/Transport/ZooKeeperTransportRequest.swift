/// One request of the ZooKeeper protocol, as the client hands it to a transport.
///
/// Paths are relative to the connection's chroot. The reply's payload for each case is named
/// in `ZooKeeperTransportReply.Payload`.
@_spi(Simulation)
public enum ZooKeeperTransportRequest: Hashable, Sendable {
    /// Create a node (reply: `.created`).
    case create(path: String, data: [UInt8], mode: CreateMode)
    /// Delete a node if its version matches (`-1` matches any) (reply: `.none`).
    case delete(path: String, version: Int32)
    /// A node's stat, leaving an existence watch when `watch` (reply: `.stat`, or `noNode`).
    case exists(path: String, watch: Bool)
    /// A node's data and stat, leaving a data watch when `watch` (reply: `.data`).
    case getData(path: String, watch: Bool)
    /// Replace a node's data if its version matches (reply: `.stat`).
    case setData(path: String, data: [UInt8], version: Int32)
    /// A node's children and stat, leaving a child watch when `watch` (reply: `.children`).
    case getChildren(path: String, watch: Bool)
    /// Operations applied atomically (reply: `.multi`, one result per operation, also on failure).
    case multi([ZooKeeperOperation])
    /// Wait until the connected server has caught up with the leader (reply: `.none`).
    case sync(path: String)

    /// The path the request concerns (a multi's first operation's path, `/` for an empty multi).
    public var path: String {
        switch self {
        case .create(let path, _, _), .delete(let path, _), .exists(let path, _), .getData(let path, _),
            .setData(let path, _, _), .getChildren(let path, _), .sync(let path):
            path
        case .multi(let operations):
            operations.first?.path ?? "/"
        }
    }

    /// What a watch left by this request is on, or nil when it leaves none.
    public var watchTarget: ZooKeeperWatch.Target? {
        switch self {
        case .exists(_, true): .existence
        case .getData(_, true): .data
        case .getChildren(_, true): .children
        default: nil
        }
    }

    /// Whether the request changes the tree (goes through the leader and takes a zxid).
    public var isWrite: Bool {
        switch self {
        case .create, .delete, .setData, .multi: true
        case .exists, .getData, .getChildren, .sync: false
        }
    }

    /// The operation's name in errors and logs (`create`, `getData`, …).
    public var operationName: String {
        switch self {
        case .create: "create"
        case .delete: "delete"
        case .exists: "exists"
        case .getData: "getData"
        case .setData: "setData"
        case .getChildren: "getChildren"
        case .multi: "multi"
        case .sync: "sync"
        }
    }
}

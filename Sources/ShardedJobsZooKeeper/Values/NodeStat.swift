import CShardedJobsZooKeeper

/// The metadata ZooKeeper keeps for a node.
///
/// `ephemeralOwner` is the id of the session that owns an ephemeral node (0 for a persistent
/// one); comparing it with the client's current and earlier session ids is how upper layers
/// tell their own nodes from a foreign session's or from a stale one of their own.
public struct NodeStat: Hashable, Sendable {
    /// The zxid of the transaction that created the node.
    public var czxid: Int64
    /// The zxid of the transaction that last modified the node's data.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch (server clock).
    public var ctime: Int64
    /// Last modification time, milliseconds since the epoch (server clock).
    public var mtime: Int64
    /// The number of changes to the data.
    public var version: Int32
    /// The number of changes to the children.
    public var cversion: Int32
    /// The number of changes to the ACL.
    public var aversion: Int32
    /// The session id of the owner of an ephemeral node, or 0.
    public var ephemeralOwner: Int64
    /// The length of the data.
    public var dataLength: Int32
    /// The number of children.
    public var numChildren: Int32
    /// The zxid of the transaction that last changed the children.
    public var pzxid: Int64

    /// Creates a stat value (useful in tests and in-memory twins).
    public init(
        czxid: Int64 = 0, mzxid: Int64 = 0, ctime: Int64 = 0, mtime: Int64 = 0,
        version: Int32 = 0, cversion: Int32 = 0, aversion: Int32 = 0, ephemeralOwner: Int64 = 0,
        dataLength: Int32 = 0, numChildren: Int32 = 0, pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.numChildren = numChildren
        self.pzxid = pzxid
    }

    /// Whether the node is ephemeral.
    public var isEphemeral: Bool { ephemeralOwner != 0 }

    init(_ stat: Stat) {
        self.init(
            czxid: stat.czxid, mzxid: stat.mzxid, ctime: stat.ctime, mtime: stat.mtime,
            version: stat.version, cversion: stat.cversion, aversion: stat.aversion,
            ephemeralOwner: stat.ephemeralOwner, dataLength: stat.dataLength,
            numChildren: stat.numChildren, pzxid: stat.pzxid
        )
    }

    init(_ pointer: UnsafePointer<Stat>?) {
        if let pointer { self.init(pointer.pointee) } else { self.init() }
    }
}

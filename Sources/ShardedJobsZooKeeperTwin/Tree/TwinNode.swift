@_spi(Simulation) import ShardedJobsZooKeeper

/// One znode of the twin: data, the fields of its stat, and its children.
///
/// As in ZooKeeper's `DataTree`, the node stores the number of children ever *created*
/// (`createdChildren`) rather than the reported `cversion`: a sequential child's suffix is that
/// number, and the reported `cversion` counts creations and deletions alike —
/// `2 × createdChildren − numChildren` (every child not present any more was deleted once).
struct TwinNode: Sendable {
    var data: [UInt8]
    var czxid: Int64
    var mzxid: Int64
    var pzxid: Int64
    var ctime: Int64
    var mtime: Int64
    var version: Int32 = 0
    var createdChildren: Int32 = 0
    var ephemeralOwner: Int64 = 0
    var children: Set<String> = []

    /// A node created by the transaction `zxid` at `time` (milliseconds).
    init(data: [UInt8], zxid: Int64, time: Int64, ephemeralOwner: Int64 = 0) {
        self.data = data
        czxid = zxid
        mzxid = zxid
        pzxid = zxid
        ctime = time
        mtime = time
        self.ephemeralOwner = ephemeralOwner
    }

    /// The stat a reply reports.
    var stat: NodeStat {
        NodeStat(
            czxid: czxid, mzxid: mzxid, ctime: ctime, mtime: mtime, version: version,
            cversion: createdChildren &* 2 &- Int32(children.count), aversion: 0, ephemeralOwner: ephemeralOwner,
            dataLength: Int32(data.count), numChildren: Int32(children.count), pzxid: pzxid)
    }

    /// The children's names, sorted (ZooKeeper returns them in no particular order; the twin's
    /// order must not depend on hashing).
    var sortedChildren: [String] { children.sorted() }
}

/// A watch notification the application of a transaction triggers on a member.
struct TwinTrigger: Hashable, Sendable {
    /// Which of the server's watch tables a trigger fires.
    enum Table: Hashable, Sendable {
        /// Data and existence watches (`exists`, `getData`).
        case data
        /// Child watches (`getChildren`).
        case children
        /// Both, one notification per session (a deletion).
        case both
    }

    /// The absolute path.
    let path: String
    let kind: WatchEvent.Kind
    let table: Table
}

/// One committed transaction of the twin's log: what every member applies, in zxid order.
struct TwinTransaction: Sendable {
    enum Kind: Sendable {
        case createSession(Int64)
        case closeSession(Int64)
        /// A write, its paths absolute; an invalid one still takes its zxid and changes nothing.
        case request(ZooKeeperTransportRequest, session: Int64)
    }

    let zxid: Int64
    /// The leader's wall time of the commit, in milliseconds (ctime and mtime).
    let time: Int64
    /// When the leader committed it, on the twin's clock (members apply it after their lag).
    let committedAt: Int64
    let kind: Kind
}

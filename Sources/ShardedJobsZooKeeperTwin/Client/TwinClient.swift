@_spi(Simulation) import ShardedJobsZooKeeper

/// One connection of the twin's transport, modelled on a handle of ZooKeeper's C client: it
/// tries the servers in turn, re-attaches its session after a disconnect, pings when idle,
/// gives up on a silent server after two thirds of the session timeout, keeps its own watch
/// tables and re-sends them after a reconnect.
struct TwinClient: Sendable {
    enum Phase: Sendable, Equatable {
        /// Looking for a server (between links, or waiting for a handshake).
        case connecting
        case connected
        /// The session expired or the credentials were refused: the handle is finished.
        case finished
        /// `close()` was called.
        case closed
    }

    /// A request handed over and not answered yet.
    struct Outstanding: Sendable {
        let id: Int
        let request: ZooKeeperTransportRequest
        let watch: Int?
    }

    let id: Int
    /// The transport's name (the unit faults address: one worker's connections).
    let name: String
    let handle: TwinConnection
    let chroot: String?
    let digest: String?
    /// The session timeout asked for, in nanoseconds.
    let requestedTimeout: Int64
    var phase = Phase.connecting
    var link: Int?
    var session: ZooKeeperSession?
    var lastZxid: Int64 = 0
    /// Sent on the current link, in order.
    var sent: [Outstanding] = []
    /// Handed over while not connected: sent once a link is up, failed if the attempt fails.
    var queued: [Outstanding] = []
    var watches = TwinClientWatches()
    var lastSend: Int64 = 0
    var lastReceive: Int64 = 0
    /// When the current connect attempt gives up.
    var connectDeadline: Int64?
    /// The order in which it tries the members, and where it is in it.
    var hostOrder: [Int]
    var hostCursor = 0
    /// Attempts that failed since the last handshake (a whole round of them means a pause).
    var failedAttempts = 0
    var connectedMember: Int?
    var problem: String?
    /// The instant of the client timer already scheduled, if any, and its token (a timer
    /// whose token is not the latest is stale and does nothing).
    var timerAt: Int64?
    var timerToken = 0
    /// While the process is frozen: messages that reached its socket, in order, a broken link
    /// it has not noticed, and a connect attempt it has not made.
    var held: [(link: Int, message: TwinMessage)] = []
    var deferredDrop: String?
    var wantsConnect = false
    /// Requests handed over while frozen, sent when the process runs again.
    var heldSends: [TwinPacket] = []

    /// The session timeout in force: the negotiated one once there is a session.
    var timeout: Int64 { session.map { $0.negotiatedTimeout.nanoseconds } ?? requestedTimeout }

    /// A path of the client's namespace as the server knows it.
    func absolute(_ path: String) -> String {
        guard let chroot else { return path }
        return path == "/" ? chroot : chroot + path
    }

    /// A server path as the client's namespace knows it.
    func relative(_ path: String) -> String {
        guard let chroot else { return path }
        if path == chroot { return "/" }
        return path.hasPrefix(chroot + "/") ? String(path.dropFirst(chroot.count)) : path
    }

    /// A request with the chroot applied to its paths.
    func absolute(_ request: ZooKeeperTransportRequest) -> ZooKeeperTransportRequest {
        switch request {
        case .create(let path, let data, let mode): .create(path: absolute(path), data: data, mode: mode)
        case .delete(let path, let version): .delete(path: absolute(path), version: version)
        case .exists(let path, let watch): .exists(path: absolute(path), watch: watch)
        case .getData(let path, let watch): .getData(path: absolute(path), watch: watch)
        case .setData(let path, let data, let version): .setData(path: absolute(path), data: data, version: version)
        case .getChildren(let path, let watch): .getChildren(path: absolute(path), watch: watch)
        case .sync(let path): .sync(path: absolute(path))
        case .multi(let operations):
            .multi(
                operations.map { operation in
                    switch operation {
                    case .create(let path, let data, let mode): .create(path: absolute(path), data: data, mode: mode)
                    case .delete(let path, let version): .delete(path: absolute(path), version: version)
                    case .setData(let path, let data, let version): .setData(path: absolute(path), data: data, version: version)
                    case .check(let path, let version): .check(path: absolute(path), version: version)
                    }
                })
        }
    }

    /// A reply with the chroot removed from the paths it carries.
    func relative(_ reply: ZooKeeperTransportReply) -> ZooKeeperTransportReply {
        switch reply.payload {
        case .created(let node):
            return .init(code: reply.code, payload: .created(CreatedNode(path: relative(node.path), stat: node.stat)))
        case .multi(let results):
            return .init(
                code: reply.code,
                payload: .multi(
                    results.map { result in
                        guard case .created(let path)? = result.result else { return result }
                        return .init(code: result.code, result: .created(path: relative(path)))
                    }))
        default:
            return reply
        }
    }
}

/// The C client's watch tables: which of the client's watches wait on which path.
///
/// As in the C client, an `exists` watch goes to the data table when the node exists and to
/// the existence table when it does not; a notification collects the watches of the tables
/// its kind concerns, in the order they were set.
struct TwinClientWatches: Sendable {
    private(set) var data: [String: [Int]] = [:]
    private(set) var exist: [String: [Int]] = [:]
    private(set) var children: [String: [Int]] = [:]

    var isEmpty: Bool { data.isEmpty && exist.isEmpty && children.isEmpty }

    /// Registers a watch after the reply to the read that set it.
    mutating func register(_ watch: Int, path: String, target: ZooKeeperWatch.Target, code: ZooKeeperError.Code) {
        switch (target, code) {
        case (.data, .ok), (.existence, .ok): data[path, default: []].append(watch)
        case (.existence, .noNode): exist[path, default: []].append(watch)
        case (.children, .ok): children[path, default: []].append(watch)
        default: break
        }
    }

    /// Removes and returns the watches a notification fires.
    mutating func collect(path: String, kind: WatchEvent.Kind) -> [Int] {
        switch kind {
        case .created, .dataChanged:
            return (take(&data, path) + take(&exist, path)).sorted()
        case .childrenChanged:
            return take(&children, path)
        case .deleted:
            return (take(&data, path) + take(&exist, path) + take(&children, path)).sorted()
        case .sessionEnded:
            return []
        }
    }

    /// Forgets every watch (the session ended).
    mutating func removeAll() {
        data.removeAll()
        exist.removeAll()
        children.removeAll()
    }

    private func paths(_ table: [String: [Int]]) -> [String] { table.keys.sorted() }

    /// The paths of each table, sorted, for `setWatches`.
    var tables: (data: [String], exist: [String], children: [String]) {
        (paths(data), paths(exist), paths(children))
    }

    private func take(_ table: inout [String: [Int]], _ path: String) -> [Int] {
        table.removeValue(forKey: path) ?? []
    }
}

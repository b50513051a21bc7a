@_spi(Simulation) import ShardedJobsZooKeeper

/// The twin's znode tree with ZooKeeper's rules: versions, zxids, sequential names, ephemeral
/// owners, the order in which a write's checks fail, and the notifications each change triggers.
///
/// Every member of the twin holds one and applies the same transactions in the same order, so
/// their trees agree at equal zxids. Reads never change it.
struct TwinDataTree: Sendable {
    private(set) var nodes: [String: TwinNode] = [:]

    /// A fresh tree as a new server has it: `/`, `/zookeeper`, `/zookeeper/quota` and
    /// `/zookeeper/config`, all with zxid 0.
    init() {
        nodes["/"] = TwinNode(data: [], zxid: 0, time: 0)
        for path in ["/zookeeper", "/zookeeper/quota", "/zookeeper/config"] {
            nodes[path] = TwinNode(data: [], zxid: 0, time: 0)
            nodes[ZooKeeperPath.parent(of: path)]?.children.insert(ZooKeeperPath.lastComponent(of: path))
        }
    }

    /// The node at an absolute path.
    func node(_ path: String) -> TwinNode? { nodes[path] }

    /// The ephemeral nodes a session owns, sorted.
    func ephemeralPaths(of session: Int64) -> [String] {
        nodes.filter { $0.value.ephemeralOwner == session }.keys.sorted()
    }

    /// Applies a committed transaction; returns the reply a request gets and the notifications.
    mutating func apply(_ transaction: TwinTransaction) -> (reply: ZooKeeperTransportReply, triggers: [TwinTrigger]) {
        var triggers: [TwinTrigger] = []
        switch transaction.kind {
        case .createSession:
            return (.init(code: .ok), [])
        case .closeSession(let session):
            for path in ephemeralPaths(of: session) {
                _ = delete(path, version: -1, zxid: transaction.zxid, triggers: &triggers)
            }
            return (.init(code: .ok), triggers)
        case .request(let request, let session):
            var undo: [String: TwinNode?] = [:]
            let reply = apply(request, session: session, zxid: transaction.zxid, time: transaction.time, undo: &undo, triggers: &triggers)
            return (reply, reply.code == .ok ? triggers : [])
        }
    }

    private mutating func apply(
        _ request: ZooKeeperTransportRequest, session: Int64, zxid: Int64, time: Int64, undo: inout [String: TwinNode?],
        triggers: inout [TwinTrigger]
    ) -> ZooKeeperTransportReply {
        switch request {
        case .create(let path, let data, let mode):
            switch create(path, data: data, mode: mode, session: session, zxid: zxid, time: time, undo: &undo, triggers: &triggers) {
            case .success(let created): return .init(code: .ok, payload: .created(created))
            case .failure(let error): return .failure(error.code)
            }
        case .delete(let path, let version):
            remember(path, &undo)
            remember(ZooKeeperPath.parent(of: path), &undo)
            let code = delete(path, version: version, zxid: zxid, triggers: &triggers)
            return .init(code: code)
        case .setData(let path, let data, let version):
            switch setData(path, data: data, version: version, zxid: zxid, time: time, undo: &undo, triggers: &triggers) {
            case .success(let stat): return .init(code: .ok, payload: .stat(stat))
            case .failure(let error): return .failure(error.code)
            }
        case .multi(let operations):
            return multi(operations, session: session, zxid: zxid, time: time, triggers: &triggers)
        case .exists, .getData, .getChildren, .sync:
            return .failure(.unimplemented)
        }
    }

    /// A multi: each operation in turn; on the first failure everything is undone and the
    /// results are `ok` before it, its code at it, `runtimeInconsistency` after it.
    private mutating func multi(
        _ operations: [ZooKeeperOperation], session: Int64, zxid: Int64, time: Int64, triggers: inout [TwinTrigger]
    ) -> ZooKeeperTransportReply {
        var undo: [String: TwinNode?] = [:]
        var results: [ZooKeeperTransportReply.MultiResult] = []
        for (index, operation) in operations.enumerated() {
            let reply: ZooKeeperTransportReply
            var result: ZooKeeperOperationResult?
            switch operation {
            case .create(let path, let data, let mode):
                reply = apply(.create(path: path, data: data, mode: mode), session: session, zxid: zxid, time: time, undo: &undo, triggers: &triggers)
                if case .created(let node) = reply.payload { result = .created(path: node.path) }
            case .delete(let path, let version):
                reply = apply(.delete(path: path, version: version), session: session, zxid: zxid, time: time, undo: &undo, triggers: &triggers)
                result = .deleted
            case .setData(let path, let data, let version):
                reply = apply(.setData(path: path, data: data, version: version), session: session, zxid: zxid, time: time, undo: &undo, triggers: &triggers)
                if case .stat(let stat) = reply.payload { result = .dataSet(stat) }
            case .check(let path, let version):
                reply = .init(code: check(path, version: version))
                result = .checked
            }
            guard reply.code == .ok else {
                for (path, node) in undo { nodes[path] = node }
                triggers.removeAll()
                let codes = operations.indices.map { $0 < index ? .ok : $0 == index ? reply.code : ZooKeeperError.Code.runtimeInconsistency }
                return .init(code: reply.code, payload: .multi(codes.map { .init(code: $0, result: nil) }))
            }
            results.append(.init(code: .ok, result: result))
        }
        return .init(code: .ok, payload: .multi(results))
    }

    /// Saves a node's state before the first change of a multi, to undo it on failure.
    private func remember(_ path: String, _ undo: inout [String: TwinNode?]) {
        if undo[path] == nil { undo[path] = .some(nodes[path]) }
    }

    private mutating func create(
        _ requested: String, data: [UInt8], mode: CreateMode, session: Int64, zxid: Int64, time: Int64,
        undo: inout [String: TwinNode?], triggers: inout [TwinTrigger]
    ) -> Result<CreatedNode, TwinCodeError> {
        let parentPath = ZooKeeperPath.parent(of: requested)
        guard let parent = nodes[parentPath] else { return .failure(.init(.noNode)) }
        let path = mode.isSequential ? requested + Self.sequenceSuffix(parent.createdChildren) : requested
        guard nodes[path] == nil else { return .failure(.init(.nodeExists)) }
        guard parent.ephemeralOwner == 0 else { return .failure(.init(.noChildrenForEphemerals)) }
        remember(path, &undo)
        remember(parentPath, &undo)
        let node = TwinNode(data: data, zxid: zxid, time: time, ephemeralOwner: mode.isEphemeral ? session : 0)
        nodes[path] = node
        nodes[parentPath]?.children.insert(ZooKeeperPath.lastComponent(of: path))
        nodes[parentPath]?.createdChildren &+= 1
        nodes[parentPath]?.pzxid = zxid
        triggers.append(TwinTrigger(path: path, kind: .created, table: .data))
        triggers.append(TwinTrigger(path: parentPath, kind: .childrenChanged, table: .children))
        return .success(CreatedNode(path: path, stat: node.stat))
    }

    private mutating func delete(_ path: String, version: Int32, zxid: Int64, triggers: inout [TwinTrigger]) -> ZooKeeperError.Code {
        guard path != "/", let node = nodes[path] else { return .noNode }
        guard version == -1 || version == node.version else { return .badVersion }
        guard node.children.isEmpty else { return .notEmpty }
        let parentPath = ZooKeeperPath.parent(of: path)
        nodes[path] = nil
        nodes[parentPath]?.children.remove(ZooKeeperPath.lastComponent(of: path))
        if let pzxid = nodes[parentPath]?.pzxid, zxid > pzxid { nodes[parentPath]?.pzxid = zxid }
        triggers.append(TwinTrigger(path: path, kind: .deleted, table: .both))
        triggers.append(TwinTrigger(path: parentPath, kind: .childrenChanged, table: .children))
        return .ok
    }

    private mutating func setData(
        _ path: String, data: [UInt8], version: Int32, zxid: Int64, time: Int64, undo: inout [String: TwinNode?],
        triggers: inout [TwinTrigger]
    ) -> Result<NodeStat, TwinCodeError> {
        guard var node = nodes[path] else { return .failure(.init(.noNode)) }
        guard version == -1 || version == node.version else { return .failure(.init(.badVersion)) }
        remember(path, &undo)
        node.data = data
        node.version &+= 1
        node.mzxid = zxid
        node.mtime = time
        nodes[path] = node
        triggers.append(TwinTrigger(path: path, kind: .dataChanged, table: .data))
        return .success(node.stat)
    }

    private func check(_ path: String, version: Int32) -> ZooKeeperError.Code {
        guard let node = nodes[path] else { return .noNode }
        return version == -1 || version == node.version ? .ok : .badVersion
    }

    /// ZooKeeper's ten-digit suffix of a sequential node.
    static func sequenceSuffix(_ number: Int32) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}

/// An error code as a `Result` failure.
struct TwinCodeError: Error {
    let code: ZooKeeperError.Code

    init(_ code: ZooKeeperError.Code) { self.code = code }
}

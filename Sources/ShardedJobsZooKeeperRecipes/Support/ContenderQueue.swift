import Logging
import ShardedJobsZooKeeper

/// One contender's place in a queue of ephemeral sequential nodes: the shared core of
/// `LeaderLatch` and `InterProcessMutex`.
///
/// `evaluate(in:)` is the whole protocol for one look at the queue, under one session:
/// 1. list the children of the queue's path (creating the path when it is missing);
/// 2. for every child carrying our protection prefix, read its `ephemeralOwner`: the first one
///    owned by the current session is ours (adopted if we had lost its create reply); any
///    other of ours — owned by an earlier session of this client, or a duplicate — is deleted;
/// 3. if none is ours, create one (ephemeral sequential, with the prefix and our data) and
///    list again: a contender that created its node after our first listing is ahead of us;
/// 4. sort by sequence and return our position: first, or behind a predecessor — the only
///    node the caller watches (no herd).
///
/// Errors are the client's; a retryable one means "look again after reconnecting".
struct ContenderQueue: Sendable {
    /// Our node, with the session it belongs to.
    struct Node: Hashable, Sendable {
        /// The node's name (last path component).
        let name: String
        /// The session that owns the node.
        let sessionID: Int64
    }

    /// Where we stand after a look at the queue.
    enum Position: Hashable, Sendable {
        /// Our node is first: we lead or hold the lock.
        case first(ownPath: String)
        /// Our node waits behind `predecessor` (a full path).
        case behind(predecessor: String, ownPath: String)
    }

    let client: ZooKeeperClient
    /// The queue's path (the latch's or lock's node).
    let path: String
    let name: ProtectedName
    /// The data of our node (a participant id).
    let data: [UInt8]
    let logger: Logger
    /// Our node, once known.
    private(set) var node: Node?
    /// Whether a create was sent: until then there is nothing of ours to clean up.
    private(set) var createSent = false

    init(client: ZooKeeperClient, path: String, name: ProtectedName, data: [UInt8], logger: Logger) {
        self.client = client
        self.path = path
        self.name = name
        self.data = data
        self.logger = logger
    }

    /// The full path of a child.
    func childPath(_ child: String) -> String { ZooKeeperPath.join(path, child) }

    /// Looks at the queue once under `session`, cleaning our stale nodes and creating ours if
    /// needed; see the type's discussion.
    mutating func evaluate(in session: ZooKeeperSession) async throws -> Position {
        while true {
            var children = try await listChildren()
            var mine: String?
            for child in ProtectedName.queue(children.filter(name.matches), lockName: name.lockName) {
                if mine == nil, node == Node(name: child, sessionID: session.id) {
                    mine = child
                    continue
                }
                guard let stat = try await client.exists(childPath(child)) else {
                    children.removeAll { $0 == child }
                    continue
                }
                if stat.ephemeralOwner == session.id, mine == nil {
                    mine = child
                    logger.info("adopted our node (its create reply was lost)", metadata: ["zk.node": "\(child)"])
                } else if stat.ephemeralOwner == session.id || client.earlierSessionIDs.contains(stat.ephemeralOwner) {
                    try await deleteIgnoringNoNode(childPath(child))
                    children.removeAll { $0 == child }
                    logger.info(
                        "deleted our stale node", metadata: ["zk.node": "\(child)", "zk.owner": "\(hex(stat.ephemeralOwner))"])
                } else {
                    logger.warning(
                        "a node with our protection prefix belongs to a foreign session; ignoring it",
                        metadata: ["zk.node": "\(child)", "zk.owner": "\(hex(stat.ephemeralOwner))"])
                }
            }
            guard let mine else {
                try await create(in: session)
                continue  // list again: contenders that created theirs meanwhile are ahead of us
            }
            node = Node(name: mine, sessionID: session.id)
            let queue = ProtectedName.queue(children, lockName: name.lockName)
            guard let index = queue.firstIndex(of: mine) else {
                throw ZooKeeperError(code: .runtimeInconsistency, operation: "evaluate", path: childPath(mine))
            }
            if index == 0 { return .first(ownPath: childPath(mine)) }
            return .behind(predecessor: childPath(queue[index - 1]), ownPath: childPath(mine))
        }
    }

    /// Creates our node under `session`.
    private mutating func create(in session: ZooKeeperSession) async throws {
        if let node, node.sessionID == session.id {
            logger.warning("our node has vanished; creating a new one", metadata: ["zk.node": "\(node.name)"])
        }
        node = nil  // until the reply names the new one; if it is lost, the prefix finds it
        let created = try await createNode()
        node = Node(name: created.name, sessionID: created.stat.ephemeralOwner)
        guard created.stat.ephemeralOwner == session.id else {
            throw ZooKeeperError(
                code: .sessionExpired, operation: "create", path: created.path,
                detail: "the node belongs to session \(hex(created.stat.ephemeralOwner)), not \(session.idString)")
        }
    }

    /// Forgets our node without deleting it (it belonged to a session that is gone).
    mutating func forgetNode() {
        node = nil
    }

    /// Deletes our node — or, when we never learnt its name, any node carrying our prefix (a
    /// create whose reply was lost); a node already gone counts as deleted.
    mutating func removeNodes() async throws {
        if let node {
            try await deleteIgnoringNoNode(childPath(node.name))
            self.node = nil
            return
        }
        guard createSent else { return }
        let children: [String]
        do {
            children = try await client.getChildren(path).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
        for child in children where name.matches(child) {
            try await deleteIgnoringNoNode(childPath(child))
        }
    }

    private func listChildren() async throws -> [String] {
        do {
            return try await client.getChildren(path).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.createPath(path)
            return try await client.getChildren(path).names
        }
    }

    private mutating func createNode() async throws -> CreatedNode {
        createSent = true
        let prefix = childPath(name.prefix)
        do {
            return try await client.create(prefix, data: data, mode: .ephemeralSequential)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.createPath(path)
            return try await client.create(prefix, data: data, mode: .ephemeralSequential)
        }
    }

    private func deleteIgnoringNoNode(_ path: String) async throws {
        do {
            try await client.delete(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
    }
}

/// A session id in ZooKeeper's usual hexadecimal form.
func hex(_ sessionID: Int64) -> String {
    "0x" + String(UInt64(bitPattern: sessionID), radix: 16)
}

extension ZooKeeperClient {
    /// Creates `path` and its missing ancestors as empty persistent nodes; nodes that exist
    /// already are left alone (Curator's `creatingParentsIfNeeded`).
    func createPath(_ path: String) async throws {
        for node in ZooKeeperPath.ancestors(of: path) + [path] {
            do {
                try await create(node)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                continue
            }
        }
    }
}

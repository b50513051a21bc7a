extension ZooKeeperClient {
    /// Creates a node and returns its actual path (with the sequence suffix, if any) and stat.
    ///
    /// Throws `nodeExists` if it exists, `noNode` if its parent does not,
    /// `noChildrenForEphemerals` under an ephemeral parent.
    @discardableResult
    public func create(_ path: String, data: [UInt8] = [], mode: CreateMode = .persistent) async throws -> CreatedNode {
        try ZooKeeperPath.validate(path, isSequential: mode.isSequential, operation: "create")
        return try await perform(.create(path: path, data: data, mode: mode), decode: ReplyDecoding.created)
    }

    /// Deletes a node if its version matches (`-1`, the default, matches any version).
    ///
    /// Throws `noNode`, `badVersion` or `notEmpty`.
    public func delete(_ path: String, version: Int32 = -1) async throws {
        try ZooKeeperPath.validate(path, operation: "delete")
        try await perform(.delete(path: path, version: version), decode: ReplyDecoding.void)
    }

    /// Reads a node's data and stat. Throws `noNode`.
    public func getData(_ path: String) async throws -> NodeData {
        try ZooKeeperPath.validate(path, operation: "getData")
        return try await perform(.getData(path: path, watch: false), decode: ReplyDecoding.data)
    }

    /// Replaces a node's data if its version matches (`-1` matches any) and returns the new stat.
    ///
    /// Throws `noNode` or `badVersion`.
    @discardableResult
    public func setData(_ path: String, data: [UInt8], version: Int32 = -1) async throws -> NodeStat {
        try ZooKeeperPath.validate(path, operation: "setData")
        return try await perform(.setData(path: path, data: data, version: version), decode: ReplyDecoding.stat)
    }

    /// Returns a node's stat, or nil when it does not exist.
    public func exists(_ path: String) async throws -> NodeStat? {
        try ZooKeeperPath.validate(path, operation: "exists")
        return try await perform(.exists(path: path, watch: false), decode: ReplyDecoding.existence)
    }

    /// Lists a node's children (names, unordered) with the node's stat. Throws `noNode`.
    public func getChildren(_ path: String) async throws -> NodeChildren {
        try ZooKeeperPath.validate(path, operation: "getChildren")
        return try await perform(.getChildren(path: path, watch: false), decode: ReplyDecoding.children)
    }

    /// Applies operations atomically: all of them, or none.
    ///
    /// Returns a result per operation, in order. On failure throws the first failing
    /// operation's error, with its index in `failedOperationIndex` and its path.
    public func multi(_ operations: [ZooKeeperOperation]) async throws -> [ZooKeeperOperationResult] {
        for operation in operations {
            try ZooKeeperPath.validate(operation.path, isSequential: operation.isSequentialCreate, operation: "multi")
        }
        guard !operations.isEmpty else { return [] }
        return try await perform(.multi(operations), decode: ReplyDecoding.multi(operations))
    }

    /// Waits until the server this client is connected to has caught up with the leader for a path.
    public func sync(_ path: String) async throws {
        try ZooKeeperPath.validate(path, operation: "sync")
        try await perform(.sync(path: path), decode: ReplyDecoding.void)
    }

    /// Reads a node's data and leaves a one-shot watch on it.
    ///
    /// The watch fires `dataChanged` or `deleted`, or `sessionEnded` if the session ends
    /// first. Throws `noNode` (and sets no watch) when the node does not exist.
    public func watchData(_ path: String) async throws -> (NodeData, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "getData")
        let watch = ZooKeeperWatch(path: path, target: .data)
        let data = try await perform(.getData(path: path, watch: true), watch: watch, decode: ReplyDecoding.data)
        return (data, watch)
    }

    /// Lists a node's children and leaves a one-shot watch on them.
    ///
    /// The watch fires `childrenChanged` or `deleted`, or `sessionEnded`. Throws `noNode`
    /// (and sets no watch) when the node does not exist.
    public func watchChildren(_ path: String) async throws -> (NodeChildren, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "getChildren")
        let watch = ZooKeeperWatch(path: path, target: .children)
        let children = try await perform(.getChildren(path: path, watch: true), watch: watch, decode: ReplyDecoding.children)
        return (children, watch)
    }

    /// Checks whether a node exists and leaves a one-shot watch on its existence.
    ///
    /// Returns the stat, or nil if the node does not exist; either way the watch is set and
    /// fires `created`, `deleted` or `dataChanged`, or `sessionEnded`.
    public func watchExistence(_ path: String) async throws -> (NodeStat?, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "exists")
        let watch = ZooKeeperWatch(path: path, target: .existence)
        let stat = try await perform(.exists(path: path, watch: true), watch: watch, decode: ReplyDecoding.existence)
        return (stat, watch)
    }
}

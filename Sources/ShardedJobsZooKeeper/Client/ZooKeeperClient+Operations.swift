import CShardedJobsZooKeeper

extension ZooKeeperClient {
    /// Creates a node and returns its actual path (with the sequence suffix, if any) and stat.
    ///
    /// Throws `nodeExists` if it exists, `noNode` if its parent does not,
    /// `noChildrenForEphemerals` under an ephemeral parent.
    @discardableResult
    public func create(_ path: String, data: [UInt8] = [], mode: CreateMode = .persistent) async throws -> CreatedNode {
        try ZooKeeperPath.validate(path, isSequential: mode.isSequential, operation: "create")
        return try await perform("create", path: path) { handle, context, _ in
            withCData(data) { bytes, length in
                zoo_acreate2(handle, path, bytes, length, acl(), mode.rawValue, createCompletion, context)
            }
        }
    }

    /// Deletes a node if its version matches (`-1`, the default, matches any version).
    ///
    /// Throws `noNode`, `badVersion` or `notEmpty`.
    public func delete(_ path: String, version: Int32 = -1) async throws {
        try ZooKeeperPath.validate(path, operation: "delete")
        try await perform("delete", path: path) { handle, context, _ in
            zoo_adelete(handle, path, version, voidCompletion, context)
        } as Void
    }

    /// Reads a node's data and stat. Throws `noNode`.
    public func getData(_ path: String) async throws -> NodeData {
        try ZooKeeperPath.validate(path, operation: "getData")
        return try await perform("getData", path: path) { handle, context, _ in
            zoo_aget(handle, path, 0, dataCompletion, context)
        }
    }

    /// Replaces a node's data if its version matches (`-1` matches any) and returns the new stat.
    ///
    /// Throws `noNode` or `badVersion`.
    @discardableResult
    public func setData(_ path: String, data: [UInt8], version: Int32 = -1) async throws -> NodeStat {
        try ZooKeeperPath.validate(path, operation: "setData")
        return try await perform("setData", path: path) { handle, context, _ in
            withCData(data) { bytes, length in
                zoo_aset(handle, path, bytes, length, version, statCompletion, context)
            }
        }
    }

    /// Returns a node's stat, or nil when it does not exist.
    public func exists(_ path: String) async throws -> NodeStat? {
        try ZooKeeperPath.validate(path, operation: "exists")
        return try await perform("exists", path: path) { handle, context, _ in
            zoo_aexists(handle, path, 0, existsCompletion, context)
        }
    }

    /// Lists a node's children (names, unordered) with the node's stat. Throws `noNode`.
    public func getChildren(_ path: String) async throws -> NodeChildren {
        try ZooKeeperPath.validate(path, operation: "getChildren")
        return try await perform("getChildren", path: path) { handle, context, _ in
            zoo_aget_children2(handle, path, 0, childrenCompletion, context)
        }
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
        let buffers = MultiBuffers(operations: operations, acl: acl())
        return try await perform("multi", path: operations[0].path, resources: buffers) { handle, context, _ in
            zoo_amulti(handle, Int32(operations.count), buffers.ops, buffers.slots, multiCompletion, context)
        }
    }

    /// Waits until the server this client is connected to has caught up with the leader for a path.
    public func sync(_ path: String) async throws {
        try ZooKeeperPath.validate(path, operation: "sync")
        try await perform("sync", path: path) { handle, context, _ in
            zoo_async(handle, path, syncCompletion, context)
        } as Void
    }

    /// `exists` on a given handle, bypassing the active-session lookup (used to establish a session).
    func exists(_ path: String, on handle: SessionHandle) async throws -> NodeStat? {
        try await perform("exists", path: path, on: handle) { raw, context, _ in
            zoo_aexists(raw, path, 0, existsCompletion, context)
        }
    }

    /// `sync` on a given handle, bypassing the active-session lookup (used to establish a session).
    func sync(_ path: String, on handle: SessionHandle) async throws {
        try await perform("sync", path: path, on: handle) { raw, context, _ in
            zoo_async(raw, path, syncCompletion, context)
        } as Void
    }

    /// Sends a heartbeat without waiting for it: a `sync` of the namespace root, answered
    /// through the ensemble's leader, so its reply renews the lease and proves contact.
    ///
    /// - Parameters:
    ///   - handle: The handle to send it on.
    ///   - replied: Told whether the reply proved contact; false at once when it cannot be sent.
    func sendHeartbeat(on handle: SessionHandle, replied: (@Sendable (Bool) -> Void)? = nil) {
        let heartbeat = Heartbeat(session: handle, sentAt: lease.recordSend(.leader), replied: replied)
        let context = Unmanaged.passRetained(heartbeat).toOpaque()
        handle.track(heartbeat)
        let rc = handle.submit { raw in zoo_async(raw, "/", heartbeatCompletion, context) }
        if rc != ZOK.rawValue, handle.untrack(heartbeat) {
            Unmanaged<Heartbeat>.fromOpaque(context).release()
            replied?(false)
        }
    }
}

/// Calls `body` with a C pointer to the bytes (never null, even when empty) and their count.
func withCData<Result>(_ data: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> Result) -> Result {
    data.withUnsafeBytes { raw in
        if let base = raw.baseAddress, !data.isEmpty {
            return body(base.assumingMemoryBound(to: CChar.self), Int32(data.count))
        }
        return "".withCString { body($0, 0) }
    }
}

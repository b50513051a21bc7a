import ShardedJobsZooKeeper

extension EnablementWrite {
    /// A change of the job's pause note (`/{job}/pause`) written with the enablement.
    package enum PauseChange: Sendable, Hashable {
        /// Creates the note, or replaces it.
        case set(String)
        /// Deletes the note if there is one.
        case clear
    }

    /// Reads the servers' states, the assignment's epoch, the pause note, and every existing
    /// item's owner, `disabled` mark and gap record — the state a disable or an enable decides
    /// from. `path` maps a job path to the client's (a namespace prefix, or none).
    package static func read(
        client: ZooKeeperClient, paths: JobNodePath, path: @escaping @Sendable (String) -> String
    ) async throws -> EnablementWrite {
        @Sendable func optionalData(_ relative: String) async throws -> NodeData? {
            do {
                return try await client.getData(path(relative))
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
        }
        @Sendable func optionalChildren(_ relative: String) async throws -> [String] {
            do {
                return try await client.getChildren(path(relative)).names
            } catch let error as ZooKeeperError where error.code == .noNode {
                return []
            }
        }
        async let epochRead = client.exists(path(paths.sharding))
        async let pauseRead = optionalData(paths.pause)
        async let serverNames = optionalChildren(paths.servers)
        async let itemNames = optionalChildren(paths.sharding)
        let ips = try await serverNames.sorted()
        let items = try await itemNames.compactMap { Int($0) }.sorted()
        let servers = try await concurrently(ips) { ip -> (String, Server)? in
            guard let data = try await optionalData(paths.server(ip)) else { return nil }
            return (ip, Server(state: data.string, version: data.stat.version))
        }
        let states = try await concurrently(items) { item -> (Int, Item, String?) in
            async let disabled = client.exists(path(paths.itemDisabled(item)))
            async let record = optionalData(paths.itemGap(item))
            async let owner = optionalData(paths.itemInstance(item))
            let gap = try await record.map { data in
                (ItemGap(data.string, version: data.stat.version, modifiedAt: data.stat.mtime), data.stat.version)
            }
            let ownerServer = try await owner.flatMap { JobInstanceID($0.string)?.ip }
            return (item, Item(disabled: try await disabled != nil, gap: gap), ownerServer)
        }
        var write = EnablementWrite(
            paths: paths, path: path, servers: Dictionary(servers.compactMap { $0 }, uniquingKeysWith: { first, _ in first }),
            items: Dictionary(states.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first }))
        write.owners = Dictionary(states.compactMap { entry in entry.2.map { (entry.0, $0) } }, uniquingKeysWith: { first, _ in first })
        write.epoch = try await epochRead?.version
        write.pause = try await pauseRead.map { ($0.string, $0.stat.version) }
        return write
    }

    /// Reads the job's state, builds the operations of a change from it with `build` (none:
    /// nothing to write) and writes them in one multi-op; a multi-op that a concurrent change
    /// failed (a version moved, a node created or deleted meanwhile — an instance's own gap
    /// record, another operator) is read and built again, up to `attempts` times in all.
    /// Returns the state the written change was built from, nil when nothing was written.
    @discardableResult
    package static func write(
        client: ZooKeeperClient, paths: JobNodePath, path: @escaping @Sendable (String) -> String = { $0 }, attempts: Int = 8,
        _ build: (EnablementWrite) async throws -> [ZooKeeperOperation]
    ) async throws -> EnablementWrite? {
        for attempt in 1...attempts {
            let state = try await read(client: client, paths: paths, path: path)
            let operations = try await build(state)
            guard !operations.isEmpty else { return nil }
            do {
                _ = try await client.multi(operations)
                return state
            } catch let error as ZooKeeperError where [.badVersion, .nodeExists, .noNode].contains(error.code) && attempt < attempts {
                continue
            }
        }
        return nil
    }

    /// The operation that makes the pause note what `change` says, or nil when it already is.
    func pauseOperation(_ change: PauseChange?) -> ZooKeeperOperation? {
        switch (change, pause) {
        case (.set(let note), nil): .create(path: path(paths.pause), data: Array(note.utf8))
        case (.set(let note), let current?): current.note == note ? nil : .setData(path: path(paths.pause), data: Array(note.utf8), version: current.version)
        case (.clear, let current?): .delete(path: path(paths.pause), version: current.version)
        case (.clear, nil), (nil, _): nil
        }
    }
}

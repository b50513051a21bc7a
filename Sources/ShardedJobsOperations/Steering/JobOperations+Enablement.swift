import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// How often a disable or enable is tried again when a concurrent change of the state it
    /// read made its multi-op fail.
    static let enablementAttempts = 8

    /// Writes new server states and items' `disabled` marks in one multi-op with the gap
    /// records they imply (``EnablementWrite``), reading the job's state again when a
    /// concurrent change made the multi fail. Items are those whose node exists. Throws
    /// `notFound` for an unknown job or a server the job does not have.
    ///
    /// `everyServer` sets that state on every server the read finds (a job's disable or enable)
    /// and returns their addresses.
    @discardableResult
    func writeEnablement(
        job: String, everyServer: String? = nil, servers states: [String: String] = [:], disabled newMarks: [Int: Bool] = [:]
    ) async throws -> [String] {
        for attempt in 1...Self.enablementAttempts {
            let write = try await readEnablement(job: job)
            var newStates = states
            if let everyServer {
                guard !write.servers.isEmpty else {
                    _ = try await snapshot(job: job, detail: .brief)
                    throw OperationsError(.notFound, "job \"\(job)\" has no servers yet: they appear when its instances start")
                }
                for ip in write.servers.keys { newStates[ip] = everyServer }
            }
            if let unknown = newStates.keys.sorted().first(where: { write.servers[$0] == nil }) {
                _ = try await snapshot(job: job, detail: .brief)
                let known = write.servers.keys.sorted()
                let list = known.isEmpty ? "it has none yet" : "its servers are " + known.joined(separator: ", ")
                throw OperationsError(.notFound, "job \"\(job)\" has no server \(unknown): \(list)")
            }
            let operations = write.operations(servers: newStates, disabled: newMarks)
            guard !operations.isEmpty else { return [] }
            do {
                _ = try await client.multi(operations)
                return newStates.keys.sorted()
            } catch let error as ZooKeeperError
                where [.badVersion, .nodeExists, .noNode].contains(error.code) && attempt < Self.enablementAttempts
            {
                // Changed since the read (an instance's own gap record, another operator): again.
            }
        }
        return []
    }

    /// Reads the servers' states, the assignment's epoch, and every existing item's owner,
    /// `disabled` mark and gap record.
    private func readEnablement(job: String) async throws -> EnablementWrite {
        let paths = nodes(job)
        let epoch = try await client.exists(path(paths.sharding))?.version
        async let serverNames = optionalChildren(paths.servers)
        async let itemNames = optionalChildren(paths.sharding)
        let ips = (try await serverNames ?? []).sorted()
        let items = (try await itemNames ?? []).compactMap { Int($0) }.sorted()
        let servers = try await concurrently(ips) { ip -> (String, EnablementWrite.Server)? in
            guard let data = try await optionalData(paths.server(ip)) else { return nil }
            return (ip, EnablementWrite.Server(state: data.string, version: data.stat.version))
        }
        let states = try await concurrently(items) { item -> (Int, EnablementWrite.Item, String?) in
            async let disabled = client.exists(path(paths.itemDisabled(item)))
            async let record = optionalData(paths.itemGap(item))
            async let owner = optionalData(paths.itemInstance(item))
            let gap = try await record.map { data in
                (ItemGap(data.string, version: data.stat.version, modifiedAt: data.stat.mtime), data.stat.version)
            }
            let ownerServer = try await owner.flatMap { JobInstanceID($0.string)?.ip }
            return (item, EnablementWrite.Item(disabled: try await disabled != nil, gap: gap), ownerServer)
        }
        var write = EnablementWrite(
            paths: paths, path: path, servers: Dictionary(servers.compactMap { $0 }, uniquingKeysWith: { first, _ in first }),
            items: Dictionary(states.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first }))
        write.owners = Dictionary(states.compactMap { entry in entry.2.map { (entry.0, $0) } }, uniquingKeysWith: { first, _ in first })
        write.epoch = epoch
        return write
    }
}

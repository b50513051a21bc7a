import ShardedJobsZooKeeper

/// Reads the parts of a job's view (DESIGN section 6 point 8: only what changes rarely), each
/// with a watch armed through `JobWatches`. It holds no state: the machine gets what it reads.
struct ViewReader: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let watches: JobWatches
    /// The scheduler's settings: a configuration must name strategies and handlers they know.
    let settings: SchedulerSettings
    /// Whether the job has an error handler of its own (its configured name is then not used).
    let ownErrorHandler: Bool

    /// The configuration (watched) — a valid one, or the reason it is not — and when its node
    /// was last written.
    func configuration() async throws -> ViewUpdate {
        let (data, watch) = try await client.watchData(paths.config)
        watches.arm(watch, as: .config)
        do {
            let configuration = try JobConfiguration(yaml: data.string)
            try settings.validate(configuration, ownErrorHandler: ownErrorHandler)
            return .configuration(.success(configuration), modifiedAt: data.stat.mtime, version: data.stat.version)
        } catch {
            return .configuration(
                .failure(ConfigurationProblem(description: "\(error)")), modifiedAt: data.stat.mtime, version: data.stat.version)
        }
    }

    /// The children of `instances/` (watched).
    func instances() async throws -> Set<JobInstanceID> {
        let (children, watch) = try await client.watchChildren(paths.instances)
        watches.arm(watch, as: .instances)
        return Set(children.names.compactMap { JobInstanceID($0) })
    }

    /// The placement labels of these instances, from their nodes (not watched: an instance
    /// node is written once); an instance whose node is gone or unreadable carries none.
    func labels(of instances: Set<JobInstanceID>) async throws -> [JobInstanceID: Set<String>] {
        let client = self.client
        let paths = self.paths
        let ids = instances.sorted { $0.description < $1.description }
        let read = try await concurrently(ids) { id in
            try await client.optionalData(paths.instance(id.description)).flatMap { try? InstanceNodeData(yaml: $0.bytes) }
        }
        return Dictionary(uniqueKeysWithValues: zip(ids, read.map { $0?.placementLabels ?? [] }))
    }

    /// The server list (watched) and the state of each server not watched yet (then watched);
    /// a watched server's state is nil (its own watch reports its changes).
    func servers() async throws -> [String: Bool?] {
        let (children, watch) = try await client.watchChildren(paths.servers)
        watches.arm(watch, as: .servers)
        var servers: [String: Bool?] = [:]
        for ip in children.names.sorted() {
            if watches.isArmed(.server(ip)) {
                servers[ip] = .some(nil)
                continue
            }
            guard let enabled = try await server(ip) else { continue }
            servers[ip] = enabled
        }
        return servers
    }

    /// One server's state (watched); nil when its node is gone.
    func server(_ ip: String) async throws -> Bool? {
        do {
            let (data, watch) = try await client.watchData(paths.server(ip))
            watches.arm(watch, as: .server(ip))
            return data.string != "DISABLED"
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }

    /// Whether the job is paused: `/{job}/pause` exists (not watched: a pause and its end
    /// change the servers too, in the same multi-op, and their watches fire).
    func paused() async throws -> Bool {
        try await client.exists(paths.pause) != nil
    }

    /// Whether `leader/sharding/necessary` exists (watched).
    func reshardingFlag() async throws -> Bool {
        let (stat, watch) = try await client.watchExistence(paths.shardingNecessary)
        watches.arm(watch, as: .necessary)
        return stat != nil
    }

    /// The `disabled` marks of these items (each watched).
    func disabledItems(_ items: [Int]) async throws -> [Int: Bool] {
        let client = self.client
        let paths = self.paths
        let flags = try await withThrowingTaskGroup(of: (Int, Bool, ZooKeeperWatch).self) { group in
            for item in items {
                group.addTask {
                    let (stat, watch) = try await client.watchExistence(paths.itemDisabled(item))
                    return (item, stat != nil, watch)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var result: [Int: Bool] = [:]
        for (item, disabled, watch) in flags.sorted(by: { $0.0 < $1.0 }) {
            watches.arm(watch, as: .itemDisabled(item))
            result[item] = disabled
        }
        return result
    }

    /// The epoch (watched) and every item's owner (each watched once). A resharding changes
    /// all of them in one multi-op that also raises the epoch, so the epoch watch alone would
    /// catch it; the per-item watches catch hand edits.
    func assignment(itemCount: Int) async throws -> AssignmentRead {
        let (epochData, epochWatch) = try await client.watchData(paths.sharding)
        watches.arm(epochWatch, as: .epoch)
        let client = self.client
        let paths = self.paths
        let unarmed = Set((0..<itemCount).filter { !watches.isArmed(.itemOwner($0)) })
        let owners = try await withThrowingTaskGroup(of: (Int, String?, ZooKeeperWatch?).self) { group in
            for item in 0..<itemCount {
                let watching = unarmed.contains(item)
                group.addTask {
                    do {
                        if watching {
                            let (data, watch) = try await client.watchData(paths.itemInstance(item))
                            return (item, data.string, watch)
                        }
                        return (item, try await client.getData(paths.itemInstance(item)).string, nil)
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        return (item, nil, nil)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var read: [Int: JobInstanceID] = [:]
        for (item, owner, watch) in owners.sorted(by: { $0.0 < $1.0 }) {
            if let watch { watches.arm(watch, as: .itemOwner(item)) }
            if let owner, let id = JobInstanceID(owner) { read[item] = id }
        }
        return AssignmentRead(epoch: epochData.stat.version, epochValue: Int64(epochData.string) ?? 0, owners: read)
    }

    /// `sharding/{item}` of these items (`last` and its version) with their gap records; nil
    /// for a missing node.
    func progress(of items: [Int]) async throws -> [Int: ItemProgress?] {
        let client = self.client
        let paths = self.paths
        return try await withThrowingTaskGroup(of: (Int, ItemProgress?).self) { group in
            for item in items {
                group.addTask {
                    let data: NodeData
                    do {
                        data = try await client.getData(paths.item(item))
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        return (item, nil)
                    }
                    var gap: ItemGap?
                    do {
                        let record = try await client.getData(paths.itemGap(item))
                        gap = ItemGap(record.string, version: record.stat.version, modifiedAt: record.stat.mtime)
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        gap = nil
                    }
                    return (item, ItemProgress(last: Int64(data.string) ?? 0, version: data.stat.version, gap: gap))
                }
            }
            var read: [Int: ItemProgress?] = [:]
            for try await (item, value) in group { read[item] = value }
            return read
        }
    }
}

import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// How much of a job's subtree a snapshot reads.
    enum SnapshotDetail: Sendable {
        /// Configuration, instances, servers and item owners: enough for the job's status.
        case brief
        /// Also each item's marks (`running`, `disabled`, `failover`) and the instances' data.
        case full
    }

    /// Reads one job's subtree; throws ``OperationsError`` `notFound` for a job without a
    /// configuration node (naming the jobs there are).
    func snapshot(job: String, detail: SnapshotDetail) async throws -> JobSnapshot {
        guard let snapshot = try await snapshotIfJob(job, detail: detail) else { throw try await jobNotFound(job) }
        return snapshot
    }

    /// Reads one job's subtree in two rounds of concurrent requests, or returns nil when the
    /// node has no `config` child (it is not a job).
    ///
    /// Round one: the type, configuration, leader, pause note and the children of `instances`, `servers`
    /// and `sharding`; round two: every server's data, every item's owner (and, in detail,
    /// every item's children and `running` mark, and every instance's data).
    func snapshotIfJob(_ job: String, detail: SnapshotDetail) async throws -> JobSnapshot? {
        let paths = nodes(job)
        async let type = optionalData(paths.root)
        async let config = optionalData(paths.config)
        async let leader = optionalData(paths.leaderInstance)
        async let pause = optionalData(paths.pause)
        async let instanceNames = optionalChildren(paths.instances)
        async let serverNames = optionalChildren(paths.servers)
        async let itemNames = optionalChildren(paths.sharding)
        guard let configData = try await config else { return nil }
        let instances = (try await instanceNames ?? []).sorted()
        let serverIPs = (try await serverNames ?? []).sorted()
        let items = (try await itemNames ?? []).compactMap { Int($0) }.sorted()
        let typeName = try await type?.string ?? ""
        let leaderID = try await leader?.string
        let pauseNote = try await pause?.string
        return try await withThrowingTaskGroup(of: SnapshotPart.self) { group in
            for ip in serverIPs {
                group.addTask { .server(ip, try await optionalData(paths.server(ip))?.string) }
            }
            for item in items {
                group.addTask { .owner(item, try await optionalData(paths.itemInstance(item))?.string) }
                if detail == .full {
                    group.addTask { .marks(item, try await optionalChildren(paths.item(item)) ?? []) }
                    group.addTask { .running(item, try await optionalData(paths.itemRunning(item))) }
                }
            }
            if detail == .full {
                for id in instances {
                    group.addTask { .instance(id, try await optionalData(paths.instance(id))) }
                }
                group.addTask { .drains(try await optionalChildren(paths.drains) ?? []) }
            }
            var snapshot = JobSnapshot(
                jobName: job, typeName: typeName, configuration: nil, configurationProblem: nil,
                instances: instances, instanceData: [:], servers: [:],
                itemNodes: items.map { .init(item: $0, owner: nil, marks: []) }, leader: leaderID, pauseNote: pauseNote)
            do throws(JobConfigurationError) {
                snapshot.configuration = try JobConfiguration(yaml: configData.bytes)
            } catch {
                snapshot.configurationProblem = error.description
            }
            let index = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1, $0) })
            for try await part in group {
                switch part {
                case .server(let ip, let data?): snapshot.servers[ip] = data
                case .server: break
                case .owner(let item, let owner): if let at = index[item] { snapshot.itemNodes[at].owner = owner }
                case .marks(let item, let marks): if let at = index[item] { snapshot.itemNodes[at].marks = Set(marks) }
                case .running(let item, let data?):
                    guard let at = index[item], let mark = RunningMark(data.string) else { break }
                    snapshot.itemNodes[at].stopsAt = mark.timeout.map { data.stat.mtime + $0 }
                    snapshot.itemNodes[at].attempt = mark.attempt
                case .running: break
                case .instance(let id, let data?): snapshot.instanceData[id] = try? InstanceNodeData(yaml: data.bytes)
                case .instance: break
                case .drains(let ids): snapshot.drains = Set(ids)
                }
            }
            return snapshot
        }
    }

    /// The error for a job that does not exist, listing the jobs that do.
    func jobNotFound(_ job: String) async throws -> OperationsError {
        let known = (try? await jobNames()) ?? []
        let list = known.isEmpty ? "there are no jobs" : "its jobs are " + known.joined(separator: ", ")
        return OperationsError(.notFound, "job \"\(job)\" not found in \(namespaceName): \(list)")
    }

    /// The namespace as messages name it.
    var namespaceName: String { namespace.map { "namespace \"\($0)\"" } ?? "this namespace" }

    /// The names of the namespace's children that are jobs (have a `config` node), sorted.
    ///
    /// Two round trips: the children of the namespace, then one existence check per child.
    public func jobNames() async throws -> [String] {
        let children = try await client.getChildren(root).names.filter { $0 != "zookeeper" }
        let isJob = try await concurrently(children) { name in
            try await client.exists(path(JobNodePath(jobName: name).config)) != nil
        }
        return zip(children, isJob).filter(\.1).map(\.0).sorted()
    }
}

/// One answer of a snapshot's second round.
private enum SnapshotPart: Sendable {
    case server(String, String?)
    case owner(Int, String?)
    case marks(Int, [String])
    case running(Int, NodeData?)
    case instance(String, NodeData?)
    case drains([String])
}

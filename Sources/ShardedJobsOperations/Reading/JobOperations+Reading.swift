import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// Every job of the namespace with its status, sorted by name.
    ///
    /// Three round trips whatever the number of jobs: the namespace's children; each
    /// child's configuration, leader and child lists; each server's data and item's owner.
    /// Children of the namespace without a `config` node are not jobs and are left out.
    public func jobs() async throws -> [JobBriefInfo] {
        let children = try await client.getChildren(root).names.filter { $0 != "zookeeper" }
        let snapshots = try await concurrently(children) { name in try await snapshotIfJob(name, detail: .brief) }
        return snapshots.compactMap { $0?.brief }.sorted { $0.jobName < $1.jobName }
    }

    /// One job's status in detail.
    ///
    /// Two round trips. Throws ``OperationsError`` `notFound` for an unknown job.
    public func status(job: String) async throws -> JobStatusReport {
        try await view(job: job).status
    }

    /// Every item of a job: owner, status and failover flag, ascending by item.
    ///
    /// Two round trips. Lists every configured item and any item node left beyond the
    /// configured count. Throws ``OperationsError`` `notFound` for an unknown job.
    public func sharding(job: String) async throws -> [ShardingInfo] {
        try await snapshot(job: job, detail: .full).items
    }

    /// The live instances of a job with their servers' state and their items, by id; for a
    /// `LOAD_AWARE` job, with each process's latest load sample.
    ///
    /// Two round trips (three for a `LOAD_AWARE` job). Throws ``OperationsError`` `notFound`
    /// for an unknown job.
    public func instances(job: String) async throws -> [InstanceInfo] {
        let snapshot = try await snapshot(job: job, detail: .full)
        var instances = Self.instances(of: snapshot)
        guard snapshot.configuration?.shardingStrategy == .loadAware else { return instances }
        // One report per process, which its instances share.
        let processes = Array(Set(instances.compactMap { JobInstanceID($0.instanceId)?.process }))
        let samples = try await concurrently(processes) { process in
            try await optionalData(JobNodePath.loadReport(process)).flatMap { LoadSample(text: $0.string)?.description }
        }
        var loads: [JobInstanceID: String] = [:]
        for (process, sample) in zip(processes, samples) { loads[process] = sample }
        for index in instances.indices {
            instances[index].load = JobInstanceID(instances[index].instanceId).flatMap { loads[$0.process] }
        }
        return instances
    }

    /// The instances of a snapshot.
    static func instances(of snapshot: JobSnapshot) -> [InstanceInfo] {
        let items = snapshot.items
        return snapshot.instances.map { id in
            let data = snapshot.instanceData[id]
            let ip = data?.serverIP ?? JobSnapshot.ip(of: id)
            return InstanceInfo(
                instanceId: id, serverIp: ip, labels: data?.labels,
                serverStatus: snapshot.servers[ip] ?? "ENABLED", leader: snapshot.leader == id,
                items: items.filter { $0.instanceId == id }.map(\.item), draining: snapshot.drains.contains(id))
        }
    }

    /// Every server of the namespace: its live instances and the jobs it serves, by IP.
    ///
    /// Three round trips whatever the number of jobs and servers (the job list's reads).
    public func servers() async throws -> [ServerBriefInfo] {
        let children = try await client.getChildren(root).names.filter { $0 != "zookeeper" }
        let snapshots = try await concurrently(children) { name in try await snapshotIfJob(name, detail: .brief) }
        var jobsByIP: [String: Set<String>] = [:]
        var instancesByIP: [String: Set<String>] = [:]
        var disabledByIP: [String: Int] = [:]
        for snapshot in snapshots.compactMap({ $0 }) {
            for (ip, data) in snapshot.servers {
                jobsByIP[ip, default: []].insert(snapshot.jobName)
                if !JobSnapshot.isEnabled(data) { disabledByIP[ip, default: 0] += 1 }
            }
            for id in snapshot.instances { instancesByIP[JobSnapshot.ip(of: id), default: []].insert(id) }
        }
        let ips = Set(jobsByIP.keys).union(instancesByIP.keys)
        return ips.sorted().map { ip in
            ServerBriefInfo(
                serverIp: ip, instances: (instancesByIP[ip] ?? []).sorted(), jobNames: (jobsByIP[ip] ?? []).sorted(),
                disabledJobsNum: disabledByIP[ip] ?? 0)
        }
    }
}

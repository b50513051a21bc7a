import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// One job's status, items and instances, read together (two round trips).
    ///
    /// Throws ``OperationsError`` `notFound` for an unknown job.
    public func view(job: String) async throws -> JobView {
        let snapshot = try await snapshot(job: job, detail: .full)
        return Self.view(of: snapshot)
    }

    /// The job's view now and again after every change of its instances, servers, assignment
    /// or item marks (`running`, `disabled`, failover).
    ///
    /// Driven by one-shot watches, re-armed only where they fired, so a long watch holds one
    /// watch per node however many changes it sees; changes that arrive together (within
    /// `settle`) give one view. The stream ends with an error when the job is removed
    /// (``OperationsError`` `notFound`) or ZooKeeper fails, and when the consuming task is
    /// cancelled.
    public func watch(job: String, settle: Duration = .milliseconds(100)) -> AsyncThrowingStream<JobView, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var watches = WatchSet()
                    while !Task.isCancelled {
                        try await arm(&watches, job: job)
                        continuation.yield(try await view(job: job))
                        try await watches.next()
                        try await Task.sleep(for: settle)
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Arms the watches that are missing or have fired: membership, servers, the assignment
    /// epoch and each item's marks.
    private func arm(_ watches: inout WatchSet, job: String) async throws {
        let paths = nodes(job)
        var wanted: [WatchSet.Target] = [
            .children(path(paths.instances)), .children(path(paths.servers)), .children(path(paths.sharding)),
            .data(path(paths.sharding)), .data(path(paths.config)), .data(path(paths.pause)),
        ]
        async let servers = optionalChildren(paths.servers)
        async let items = optionalChildren(paths.sharding)
        wanted += (try await servers ?? []).map { .data(path(paths.server($0))) }
        wanted += (try await items ?? []).compactMap(Int.init).map { .children(path(paths.item($0))) }
        try await watches.arm(wanted, client: client)
    }

    /// The settings of this library a configuration sets, by plain name.
    static func policies(of configuration: JobConfiguration?) -> [String: String] {
        guard let sharded = configuration?.sharded else { return [:] }
        return Dictionary(uniqueKeysWithValues: ShardedSettings.known.compactMap { setting in sharded[setting.name].map { (setting.name, $0) } })
    }

    /// The view of a snapshot.
    static func view(of snapshot: JobSnapshot) -> JobView {
        let items = snapshot.items
        let status = JobStatusReport(
            brief: snapshot.brief, jobType: snapshot.typeName,
            leader: snapshot.leader.flatMap { $0.isEmpty ? nil : $0 }, servers: snapshot.servers,
            disabledItems: items.filter { $0.status == .disabled }.map(\.item),
            itemsWithoutLiveOwner: snapshot.itemsWithoutLiveOwner,
            runningItems: items.filter { $0.status == .running }.map(\.item),
            policies: policies(of: snapshot.configuration), runningTimeouts: snapshot.runningTimeouts,
            runningAttempts: snapshot.runningAttempts, pauseNote: snapshot.pauseNote,
            label: snapshot.configuration?.label, statusReason: snapshot.unplacedReason)
        return JobView(status: status, sharding: items, instances: instances(of: snapshot))
    }
}

import ShardedJobsZooKeeper

extension ViewReader {
    /// The processes' load reports (DESIGN 12.8): the children of `/.sharded-jobs/load`
    /// watched — or its creation while it does not exist — and the report of each process not
    /// watched yet, read and watched now.
    func loadReports() async throws -> ViewUpdate {
        let present = Set(try await watchedChildren(JobNodePath.loadReports, as: .loadReports).compactMap { JobInstanceID($0) })
        let unwatched = present.filter { !watches.isArmed(.loadReport($0)) }.sorted()
        let read = try await concurrently(unwatched) { process in (process, try await loadReport(process)) }
        return .loadReports(present, read: read.reduce(into: [:]) { reports, entry in reports[entry.0] = entry.1 })
    }

    /// One process's load report, watched; nil when its node is gone or does not parse.
    func loadReport(_ process: JobInstanceID) async throws -> LoadReport? {
        do {
            let (data, watch) = try await client.watchData(JobNodePath.loadReport(process))
            watches.arm(watch, as: .loadReport(process))
            return LoadReport(text: data.string)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }
}

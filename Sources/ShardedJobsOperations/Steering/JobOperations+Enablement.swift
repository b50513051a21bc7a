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
    /// and returns their addresses; `pause` sets or clears the job's pause note in the same
    /// multi-op.
    @discardableResult
    func writeEnablement(
        job: String, everyServer: String? = nil, servers states: [String: String] = [:], disabled newMarks: [Int: Bool] = [:],
        pause: EnablementWrite.PauseChange? = nil
    ) async throws -> [String] {
        let base = path("")
        for attempt in 1...Self.enablementAttempts {
            let write = try await EnablementWrite.read(client: client, paths: nodes(job), path: { base + $0 })
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
            let operations = write.operations(servers: newStates, disabled: newMarks, pause: pause)
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
}

import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
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
        var changed: [String] = []
        let written = try await EnablementWrite.write(client: client, paths: nodes(job), path: { base + $0 }) { write in
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
            changed = newStates.keys.sorted()
            return write.operations(servers: newStates, disabled: newMarks, pause: pause)
        }
        return written == nil ? [] : changed
    }
}

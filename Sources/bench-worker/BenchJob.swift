import ShardedJobs

/// The bench worker's job: each item sleeps `workMillis`, then commits — an `EXEC` line after
/// a successful lease check (and, with a sink, only when the fenced sink accepts the token).
struct BenchJob: SimpleJob {
    let tag: String
    let workMillis: Int
    let printBegin: Bool
    let sink: FencedSink?

    func execute(_ context: ShardingContext) async throws {
        let start = OutputLine.nowMillis()
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        let item = context.shardingItem
        if printBegin {
            OutputLine.emit("BEGIN \(tag) \(item) \(fire) \(start) \(context.jobName) \(context.source)")
        }
        if workMillis > 0 { try await Task.sleep(for: .milliseconds(workMillis)) }
        do {
            try context.checkLease()
        } catch {
            OutputLine.emit("FENCED \(tag) \(item) \(fire) \(context.jobName)")
            throw error
        }
        if let sink, let token = context.fencingToken {
            guard sink.commit(job: context.jobName, item: item, token: token.value, fire: fire, tag: tag) else {
                OutputLine.emit("FENCED \(tag) \(item) \(fire) \(context.jobName)")
                return
            }
        }
        OutputLine.emit("EXEC \(tag) \(item) \(fire) \(start) \(OutputLine.nowMillis()) \(context.jobName) \(context.source)")
    }
}

import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// A SPREAD leader's decision (DESIGN 12.8): under the pool's mutex, after a `sync`, it reads
/// the other SPREAD jobs' summaries, computes the job's assignment
/// (``SpreadStrategy/assign(itemCount:candidates:owners:pool:)``) and writes the job's own
/// summary before it releases the mutex, so that the next leader sees this decision even
/// while this job's resharding still waits for its running items.
struct SpreadPlanner: Sendable {
    let client: ZooKeeperClient
    let mutex: InterProcessMutex
    let jobName: String
    let logger: Logger

    /// The longest a leader waits for the pool's mutex.
    static let lockTimeout = Duration.seconds(10)

    func plan(_ request: SpreadRequest) async throws -> [Int: JobInstanceID] {
        try await mutex.withLock(timeout: Self.lockTimeout) {
            try await client.sync(JobNodePath.spreadPool)
            let pool = try await poolCounts()
            let assignment = SpreadStrategy.assign(
                itemCount: request.itemCount, candidates: request.candidates, owners: request.owners, pool: pool)
            let summary = Array(SpreadSummary(assignment).text.utf8)
            let path = JobNodePath.spreadSummary(jobName)
            do {
                try await client.setData(path, data: summary)
            } catch let error as ZooKeeperError where error.code == .noNode {
                try await client.create(path, data: summary)
            }
            return assignment
        }
    }

    /// How many items of the pool's other jobs each process owns.
    private func poolCounts() async throws -> [JobInstanceID: Int] {
        let names = try await client.getChildren(JobNodePath.spreadPool).names.filter { $0 != "lock" && $0 != jobName }
        let client = self.client
        let summaries = try await concurrently(names.sorted()) { name -> SpreadSummary? in
            try await client.optionalData(JobNodePath.spreadSummary(name)).map { SpreadSummary(text: $0.string) }
        }
        return summaries.compactMap { $0 }.reduce(into: [:]) { pool, summary in
            for (process, count) in summary.counts { pool[process, default: 0] += count }
        }
    }
}

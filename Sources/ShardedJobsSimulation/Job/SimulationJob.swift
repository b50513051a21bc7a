import Foundation
import ShardedJobs

/// The simulated workers' job, as `bench-worker`'s (DESIGN 10 and 12.3): each item works for
/// the job's work time on the virtual clock, then commits — an `EXEC` line, printed only after
/// a successful `checkLease()` and only when the fenced store accepts the claim's token.
///
/// An item that ends without a commit prints `FENCED` and, when the library still records it
/// as completed, `FAIL … <cause> 1`: cause `fenced` when the store refused the token (the item
/// returns normally), cause `lease` when the lease check failed and the lease is valid again
/// by the time the item throws (the library completes a failed item only while its lease is
/// valid). A cancelled item prints no `FAIL`.
struct SimulationJob: SimpleJob {
    let tag: String
    let workMillis: Int64
    let clock: SimulationClock
    let store: FencedStore
    let log: ExecutionLog

    func execute(_ context: ShardingContext) async throws {
        let start = clock.nowMillis()
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        let item = context.shardingItem
        try await clock.sleep(untilMillis: start + workMillis)
        do {
            try context.checkLease()
        } catch {
            log.emit(tag, "FENCED \(tag) \(item) \(fire) \(context.jobName)")
            if !Task.isCancelled && context.isLeaseValid { failure(context, fire: fire, start: start, cause: "lease") }
            throw error
        }
        if let token = context.fencingToken,
            !store.commit(job: context.jobName, item: item, token: token.value)
        {
            log.emit(tag, "FENCED \(tag) \(item) \(fire) \(context.jobName)")
            if !Task.isCancelled { failure(context, fire: fire, start: start, cause: "fenced") }
            return
        }
        log.emit(tag, "EXEC \(tag) \(item) \(fire) \(start) \(clock.nowMillis()) \(context.jobName) \(context.source)")
    }

    private func failure(_ context: ShardingContext, fire: Int64, start: Int64, cause: String) {
        log.emit(
            tag,
            "FAIL \(tag) \(context.shardingItem) \(fire) \(start) \(clock.nowMillis()) \(context.jobName) \(context.source) \(cause) 1")
    }
}

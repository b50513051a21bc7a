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
/// valid), cause `timeout` (or `overlap`) when the job's timeout (or a newer fire) stopped it (its commit check says
/// `stopped`; the library completes it as failed), cause `error` when the job fails it on
/// purpose (`fails`: an eighth of its item-fires, drawn from the item and the fire, fail after
/// their commit check passed — a failure the owner records, as a commit would be). Any other
/// cancelled item prints no `FAIL`. With `retries`, half the item-fires fail their first 1–3
/// attempts before the commit check (drawn from the item and the fire); the library retries
/// them, and the job's error handler — told once, after the last attempt — prints
/// `FAIL … error <attempt>` for one whose attempts ran out.
struct SimulationJob: SimpleJob {
    let tag: String
    let workMillis: Int64
    /// Whether each item-fire works its own time, 0.6–1.4 times `workMillis` (a job with a
    /// timeout of `workMillis`: about half its item-fires are stopped).
    let varies: Bool
    /// Whether an eighth of the item-fires fail on purpose (a job with
    /// `pauseAfterConsecutiveFailures`).
    let fails: Bool
    /// Whether half the item-fires fail their first attempts (a job with `retry.maxAttempts`).
    let retries: Bool
    let clock: SimulationClock
    let store: FencedStore
    let log: ExecutionLog

    func execute(_ context: ShardingContext) async throws {
        let start = clock.nowMillis()
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        let item = context.shardingItem
        do {
            try await clock.sleep(untilMillis: start + work(item: item, fire: fire))
        } catch {
            if let cause = context.stopCause { failure(context, fire: fire, start: start, cause: cause.checkerWord) }
            throw error
        }
        if retries, context.attempt <= failingAttempts(item: item, fire: fire) {
            // Stopped at this very instant (its timeout): the stop ends the item, not a retry.
            if let cause = context.stopCause { failure(context, fire: fire, start: start, cause: cause.checkerWord) }
            throw SimulatedRetryableFailure(start: start, source: Self.source(context))
        }
        do {
            try context.checkLease()
        } catch {
            log.emit(tag, "FENCED \(tag) \(item) \(fire) \(context.jobName)")
            if error.code == .stopped {
                failure(context, fire: fire, start: start, cause: context.stopCause?.checkerWord ?? "timeout")
            } else if !Task.isCancelled && context.isLeaseValid {
                failure(context, fire: fire, start: start, cause: "lease")
            }
            throw error
        }
        if fails, hash(item: item, fire: fire) % 8 == 0 {
            failure(context, fire: fire, start: start, cause: "error")
            throw SimulatedFailure()
        }
        if let token = context.fencingToken,
            !store.commit(job: context.jobName, item: item, token: token.value)
        {
            log.emit(tag, "FENCED \(tag) \(item) \(fire) \(context.jobName)")
            if !Task.isCancelled { failure(context, fire: fire, start: start, cause: "fenced") }
            return
        }
        log.emit(tag, "EXEC \(tag) \(item) \(fire) \(start) \(clock.nowMillis()) \(context.jobName) \(Self.source(context))")
    }

    /// How long an item-fire works: `workMillis`, or with `varies` a fixed share of 0.6–1.4
    /// times it, drawn from the item and the fire.
    private func work(item: Int, fire: Int64) -> Int64 {
        guard varies else { return workMillis }
        return workMillis * (60 + Int64(hash(item: item, fire: fire) % 81)) / 100
    }

    /// How many first attempts of an item-fire fail (`retries`): none for half of them, else
    /// 1–3, drawn from the item and the fire.
    private func failingAttempts(item: Int, fire: Int64) -> Int {
        let draw = hash(item: item, fire: fire) >> 11
        return draw % 2 == 0 ? 0 : Int(1 + (draw >> 1) % 3)
    }

    /// A fixed hash of an item-fire.
    private func hash(item: Int, fire: Int64) -> UInt64 {
        let hash = UInt64(bitPattern: fire) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(item) &* 0xC2B2_AE3D_27D4_EB4F
        return hash ^ hash >> 29
    }

    /// The source field of a line: `BACKFILL:{id}` for a backfill's fire, else ElasticJob's.
    static func source(_ context: ShardingContext) -> String {
        context.backfillID.map { "BACKFILL:" + $0 } ?? "\(context.source)"
    }

    private func failure(_ context: ShardingContext, fire: Int64, start: Int64, cause: String) {
        log.emit(
            tag,
            "FAIL \(tag) \(context.shardingItem) \(fire) \(start) \(clock.nowMillis()) \(context.jobName) \(Self.source(context)) \(cause) \(context.attempt)")
    }
}

extension SimulationJob: JobErrorHandler {
    /// `SIMULATION`.
    var name: ErrorHandlerName { "SIMULATION" }

    /// Prints the `FAIL` of an item whose attempts ran out after failing on purpose
    /// (`retries`): the library completes it as failed.
    func handle(_ failure: JobFailure) async throws {
        guard let item = failure.item, let failed = failure.error as? SimulatedRetryableFailure else { return }
        let fire = Int64((failure.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        log.emit(
            tag,
            "FAIL \(tag) \(item) \(fire) \(failed.start) \(clock.nowMillis()) \(failure.jobName) \(failed.source) error \(failure.attempt)")
    }
}

/// An attempt of an item-fire the simulated job fails on purpose before its commit check.
struct SimulatedRetryableFailure: Error, CustomStringConvertible {
    let start: Int64
    /// The source field of its lines.
    let source: String
    var description: String { "simulated failure of an attempt" }
}

/// The error of an item-fire the simulated job fails on purpose.
private struct SimulatedFailure: Error, CustomStringConvertible {
    var description: String { "simulated failure" }
}

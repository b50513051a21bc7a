import ShardedJobs

/// The bench worker's job: each item sleeps `workMillis`, then commits — an `EXEC` line after
/// a successful lease check (and, with a sink, only when the fenced sink accepts the token).
///
/// An item that ends without a commit prints `FENCED` as before and, when the library still
/// records the item as completed, a `FAIL` line (DESIGN 12.3) so that the checker counts its
/// fire as done rather than lost:
/// - the sink refused the token: the item returns normally, so it is completed unless its task
///   was cancelled (cause `fenced`);
/// - the lease check failed: with `monitorExecution` a refused commit is never completed (its
///   instance releases the mark and catches the item up, or failover runs it), so no `FAIL`;
///   without it nothing re-runs the item, so the line is printed (cause `lease`);
/// - the job's timeout, or a newer fire under `overlapPolicy: cancelRunning`, stopped it (its
///   commit check says `stopped`, its sleep was cancelled): the library completes it as failed
///   (cause `timeout` or `overlap`).
/// - it failed on purpose (`--failing-item`) before its commit check: the library retries it
///   while attempts remain; its error handler — this job, told once after the last attempt —
///   prints the `FAIL` (cause `error`, with that attempt).
/// Any other cancelled item (session loss, shutdown deadline) is interrupted, not completed: no
/// `FAIL`.
struct BenchJob: SimpleJob {
    let tag: String
    let workMillis: Int
    /// An item that works longer on its regular fires (`--slow-item`).
    let slowItem: (item: Int, millis: Int)?
    /// An item that fails the first attempts of each fire (`--failing-item`).
    let failingItem: (item: Int, attempts: Int)?
    let printBegin: Bool
    let monitorExecution: Bool
    let sink: FencedSink?

    func execute(_ context: ShardingContext) async throws {
        let start = OutputLine.nowMillis()
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        let item = context.shardingItem
        if printBegin {
            OutputLine.emit("BEGIN \(tag) \(item) \(fire) \(start) \(context.jobName) \(context.sourceField)")
        }
        do {
            let work = slowItem.flatMap { $0.item == item && context.source == .normalTrigger && context.backfillID == nil ? $0.millis : nil } ?? workMillis
            if work > 0 { try await Task.sleep(for: .milliseconds(work)) }
        } catch {
            if let cause = context.stopCause { emitFailure(context, fire: fire, start: start, cause: cause.checkerWord) }
            throw error
        }
        if let failingItem, failingItem.item == item, context.attempt <= failingItem.attempts {
            // Stopped at this very instant (a timeout): the stop ends the item, not a retry.
            if let cause = context.stopCause { emitFailure(context, fire: fire, start: start, cause: cause.checkerWord) }
            throw FailedAttempt(start: start, source: context.sourceField)
        }
        do {
            try context.checkLease()
        } catch {
            OutputLine.emit("FENCED \(tag) \(item) \(fire) \(context.jobName)")
            if error.code == .stopped {
                emitFailure(context, fire: fire, start: start, cause: context.stopCause?.checkerWord ?? "timeout")
            } else if !Task.isCancelled && !monitorExecution {
                emitFailure(context, fire: fire, start: start, cause: "lease")
            }
            throw error
        }
        if let sink, let token = context.fencingToken {
            guard sink.commit(job: context.jobName, item: item, token: token.value, fire: fire, tag: tag) else {
                OutputLine.emit("FENCED \(tag) \(item) \(fire) \(context.jobName)")
                if !Task.isCancelled { emitFailure(context, fire: fire, start: start, cause: "fenced") }
                return
            }
        }
        OutputLine.emit("EXEC \(tag) \(item) \(fire) \(start) \(OutputLine.nowMillis()) \(context.jobName) \(context.sourceField)")
    }

    /// Prints `FAIL <tag> <item> <fire> <start> <end> <job> <source> <cause> <attempt>`.
    private func emitFailure(_ context: ShardingContext, fire: Int64, start: Int64, cause: String) {
        OutputLine.emit(
            "FAIL \(tag) \(context.shardingItem) \(fire) \(start) \(OutputLine.nowMillis()) \(context.jobName) "
                + "\(context.sourceField) \(cause) \(context.attempt)")
    }
}

extension BenchJob: JobErrorHandler {
    /// `BENCH`.
    var name: ErrorHandlerName { "BENCH" }

    /// Prints the `FAIL` of an item whose failing attempts (`--failing-item`) ran out: the
    /// library completes it as failed. Other failures print their own lines.
    func handle(_ failure: JobFailure) async throws {
        guard let item = failure.item, let failed = failure.error as? FailedAttempt else { return }
        let fire = Int64((failure.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        OutputLine.emit(
            "FAIL \(tag) \(item) \(fire) \(failed.start) \(OutputLine.nowMillis()) \(failure.jobName) \(failed.source) error \(failure.attempt)")
    }
}

/// An attempt of the failing item (`--failing-item`), failed on purpose before its commit check.
struct FailedAttempt: Error, CustomStringConvertible {
    let start: Int64
    /// The source field of its lines.
    let source: String
    var description: String { "failed on purpose" }
}

extension ShardingContext {
    /// The source field of the checker's lines: `BACKFILL:{id}` for a backfill's fire (its
    /// failover too: duplicates are keyed by the run), else ElasticJob's source.
    var sourceField: String { backfillID.map { "BACKFILL:" + $0 } ?? "\(source)" }
}

extension RunExecution {
    /// Runs an item's body, stopped at its timeout when it has one, or when `stop` is tripped
    /// (an operator's kill; DESIGN 12.6): from that instant its commit checks fail and its task
    /// is cancelled; this returns only once the body has returned (a script's process group has
    /// exited), then throws ``ExecutionStopped`` with the cause. Whatever the body threw once
    /// stopped (its refused commit, its cancellation) is the same stop.
    func executeBounded(_ context: ShardingContext, timeout: Int64?, stop: StopSignal?) async throws {
        let definition = self.definition
        guard timeout != nil || stop != nil else { return try await definition.execute(context) }
        let clock = self.clock
        let started = clock.nowMillis()
        let deadline = timeout.map { started + $0 }
        var stoppable = context
        if let deadline { stoppable.lease.stopsAt = (deadline, clock) }
        stoppable.lease.stopSignal = stop
        let bounded = stoppable
        let finished: Bool?
        do {
            finished = try await withDeadline(untilMillis: deadline, stop: stop, clock: clock) {
                try await definition.execute(bounded)
                return true
            }
        } catch where bounded.lease.isStopped {
            finished = nil
        }
        guard finished == nil else { return }
        let cause = stop?.cause ?? .timeout
        throw ExecutionStopped(cause, after: .milliseconds(cause == .timeout ? timeout ?? 0 : clock.nowMillis() - started))
    }

    /// Runs an item's execution; with alarms and a timeout, tells them when it is still
    /// running `stuckAfter` past its timeout (its body ignores the cancellation), and again
    /// when it ends.
    func watchingForStuck(_ claim: ClaimedItem, _ body: () async throws -> Void) async throws {
        guard let alarms, let timeout = claim.timeout, let stuckAfter else { return try await body() }
        let clock = self.clock
        let due = clock.nowMillis() + timeout + stuckAfter.milliseconds
        let cause = "still running \(DurationText.format(.milliseconds(timeout) + stuckAfter)) after its start, past its timeout"
        let (flagged, failure) = await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await clock.sleep(untilMillis: due)
                await alarms.noteStuck(true, item: claim.item, fire: claim.fire, cause: cause)
                return true
            }
            var failure: (any Error)?
            do { try await body() } catch { failure = error }
            group.cancelAll()
            var flagged = false
            while let result = await group.nextResult() {
                if case .success(true) = result { flagged = true }
            }
            return (flagged, failure)
        }
        if flagged { await alarms.noteStuck(false, item: claim.item, fire: claim.fire, cause: cause) }
        if let failure { throw failure }
    }
}

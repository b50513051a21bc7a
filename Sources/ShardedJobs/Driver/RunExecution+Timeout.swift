extension RunExecution {
    /// Runs an item's body, stopped at its timeout when it has one (DESIGN 12.6): from that
    /// instant its commit checks fail and its task is cancelled; this returns only once the
    /// body has returned (a script's process group has exited), then throws
    /// ``ExecutionStopped``. Whatever the body threw once stopped (its refused commit, its
    /// cancellation) is the same stop.
    func executeBounded(_ context: ShardingContext, timeout: Int64?) async throws {
        let definition = self.definition
        guard let timeout else { return try await definition.execute(context) }
        let clock = self.clock
        let deadline = clock.nowMillis() + timeout
        var stoppable = context
        stoppable.lease.stopsAt = (deadline, clock)
        let bounded = stoppable
        let finished: Bool?
        do {
            finished = try await withDeadline(untilMillis: deadline, clock: clock) {
                try await definition.execute(bounded)
                return true
            }
        } catch where bounded.lease.isStopped {
            finished = nil
        }
        guard finished != nil else { throw ExecutionStopped(.timeout, after: .milliseconds(timeout)) }
    }
}

import ShardedJobsZooKeeper

extension RunExecution {
    /// How long (ms) until the next attempt of a failed one, when it may be retried
    /// (`retry.maxAttempts`, DESIGN 12.6); nil when it may not: the job has no attempt left, the
    /// attempt passed a commit check before it failed, or it was stopped (a timeout, a kill,
    /// an overlap) or cancelled.
    ///
    /// The wait is drawn below `retry.backoff` doubled per failed attempt, capped at 1 minute
    /// (the one retry policy, `ExponentialBackoffRetry`), with full jitter from a hash of the
    /// job, item, fire and attempt; a job that threw ``RetryLater`` gets the delay it asked for.
    func retryDelay(after failure: any Error, of claim: ClaimedItem) -> Int64? {
        guard let gate = attempts[claim.item], !gate.hasPassedCommitCheck, !Task.isCancelled,
            !(failure is ExecutionStopped), !(failure is LeaseLostError)
        else { return nil }
        let settings = configuration.sharded
        let policy = ExponentialBackoffRetry(
            base: settings.retryBackoff, cap: ShardedSettings.retryBackoffCap, maxAttempts: settings.retryMaxAttempts)
        guard let bound = policy.delay(afterFailedAttempts: claim.attempt) else { return nil }
        if let later = failure as? RetryLater { return max(0, later.delay.milliseconds) }
        let draw = StableHash.mix(StableHash.of(configuration.jobName), Int64(claim.item), claim.fire, Int64(claim.attempt))
        return Int64(draw % UInt64(max(1, bound.milliseconds) + 1))
    }
}

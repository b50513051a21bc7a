/// Runs `operation`, returning nil if it has not finished within `limit` (then it is
/// cancelled). The one timeout race of the job core (and of `ShardedJobsTesting`); the limit
/// runs on `clock`.
package func withDeadline<Value: Sendable>(
    _ limit: Duration, clock: any SchedulerClock = SystemSchedulerClock(),
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    try await withDeadline(untilMillis: clock.nowMillis() + limit.milliseconds, clock: clock, operation)
}

/// Runs `operation`, returning nil if it has not finished by the instant `until` (epoch ms on
/// `clock`; nil for no limit) or before `stop` is tripped — then it is cancelled, and this
/// returns once it has.
package func withDeadline<Value: Sendable>(
    untilMillis until: Int64?, stop: StopSignal? = nil, clock: any SchedulerClock,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        if let until {
            group.addTask {
                try await clock.sleep(untilMillis: until)
                return nil
            }
        }
        if let stop {
            group.addTask {
                await stop.wait()
                try Task.checkCancellation()
                return nil
            }
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

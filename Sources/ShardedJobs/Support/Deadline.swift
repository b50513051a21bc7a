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

/// The result of `task`, or nil if it has not finished within `limit`. Unlike `withDeadline`
/// around `task.value` (which waits for the task however long, since its value cannot be
/// cancelled), this returns at the limit and leaves the task running: for reporting a task
/// that hangs. Returns nil at once when the caller is cancelled.
package func taskResult<Success: Sendable, Failure: Error>(
    of task: Task<Success, Failure>, within limit: Duration, clock: any SchedulerClock = SystemSchedulerClock()
) async -> Result<Success, Failure>? {
    let (first, post) = AsyncStream.makeStream(of: Result<Success, Failure>?.self, bufferingPolicy: .bufferingOldest(1))
    Task {  // It ends with the task.
        post.yield(await task.result)
        post.finish()
    }
    let timer = Task {
        try? await clock.sleep(untilMillis: clock.nowMillis() + limit.milliseconds)
        post.yield(nil)
        post.finish()
    }
    defer { timer.cancel() }
    for await outcome in first { return outcome }
    return nil
}

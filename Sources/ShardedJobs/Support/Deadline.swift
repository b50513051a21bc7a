/// Runs `operation`, returning nil if it has not finished within `limit` (then it is
/// cancelled). The one timeout race of the job core; the limit runs on `clock`.
func withDeadline<Value: Sendable>(
    _ limit: Duration, clock: any SchedulerClock = SystemSchedulerClock(),
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    let until = clock.nowMillis() + limit.milliseconds
    return try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await clock.sleep(untilMillis: until)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

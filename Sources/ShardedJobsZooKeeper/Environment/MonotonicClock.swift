/// A monotonic clock read in whole nanoseconds, and sleeps against it: the only source of time
/// of a `ZooKeeperClient` (its lease, heartbeats, tick loop, connection timeouts and backoff).
///
/// Reading it is a plain function call, so the lock-free lease can use it from any thread. The
/// production clock is `ContinuousMonotonicClock`; tests and the simulator inject a manual one
/// (`ManualClock` in `ShardedJobsZooKeeperTwin`) whose time moves only when they advance it.
@_spi(Simulation)
public protocol MonotonicClock: Sendable {
    /// Nanoseconds since the clock's origin; never decreases.
    func now() -> Int64

    /// Suspends until `now()` has reached `deadline` (returns at once when it already has).
    ///
    /// Throws `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Int64) async throws
}

extension MonotonicClock {
    /// Suspends for `duration` of this clock's time.
    @_spi(Simulation)
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now() &+ duration.nanoseconds)
    }

    /// The time elapsed since `start` (a reading of `now()`).
    @_spi(Simulation)
    public func elapsed(since start: Int64) -> Duration {
        .nanoseconds(now() &- start)
    }
}

/// The production clock: `ContinuousClock` (it keeps counting while the machine sleeps, so a
/// suspended process finds its lease expired on waking), in nanoseconds since the process's
/// first reading.
@_spi(Simulation)
public struct ContinuousMonotonicClock: MonotonicClock {
    /// The instant all readings count from.
    static let origin = ContinuousClock.now

    /// Creates the clock; every instance reads the same time.
    public init() {}

    /// Nanoseconds since the process's first reading of the clock.
    public func now() -> Int64 {
        (ContinuousClock.now - Self.origin).nanoseconds
    }

    /// Sleeps on `ContinuousClock` until the reading reaches `deadline`.
    public func sleep(until deadline: Int64) async throws {
        try await Task.sleep(until: Self.instant(deadline), clock: .continuous)
    }

    /// The `ContinuousClock` instant of a reading.
    static func instant(_ nanoseconds: Int64) -> ContinuousClock.Instant {
        origin + .nanoseconds(nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far beyond any timeout used here).
    @_spi(Simulation)
    public var nanoseconds: Int64 {
        let components = self.components
        return components.seconds &* 1_000_000_000 &+ components.attoseconds / 1_000_000_000
    }
}

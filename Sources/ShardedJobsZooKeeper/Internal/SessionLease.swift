import Synchronization

/// The client's own proof that its session is alive, readable without locks from any thread.
///
/// The handle is opaque and its pings are invisible, so the client keeps its own clock: each
/// request records its send time; a reply that proves the server heard the request renews the
/// lease from that send time (the server heard us no earlier). The deadline is the last
/// acknowledged send time plus the negotiated session timeout minus a safety margin. Past the
/// deadline the session counts as lost, even if no event says so yet — this is what makes the
/// check right on the first instruction after the process was frozen.
///
/// Times are nanoseconds of the client's injected `MonotonicClock` (production:
/// `ContinuousMonotonicClock`). A deadline of 0 means no lease.
final class SessionLease: Sendable {
    let clock: any MonotonicClock

    /// The generation of the handle that owns the lease; renewals from other handles are ignored.
    private let generation = Atomic<Int>(0)
    private let sessionID = Atomic<Int64>(0)
    private let deadline = Atomic<Int64>(0)
    private let validity = Atomic<Int64>(0)
    private let lastSend = Atomic<Int64>(0)

    init(clock: any MonotonicClock) {
        self.clock = clock
    }

    /// The clock's reading now.
    func now() -> Int64 { clock.now() }

    /// Starts a lease for a new session: generation and id first, the deadline last.
    func begin(generation: Int, sessionID: Int64, validity: Duration, acknowledgedSendAt sentAt: Int64) {
        deadline.store(0, ordering: .sequentiallyConsistent)
        self.generation.store(generation, ordering: .sequentiallyConsistent)
        self.sessionID.store(sessionID, ordering: .sequentiallyConsistent)
        let validityNanos = validity.nanoseconds
        self.validity.store(validityNanos, ordering: .sequentiallyConsistent)
        deadline.store(sentAt &+ validityNanos, ordering: .sequentiallyConsistent)
    }

    /// Extends the deadline from the send time of a request the server has answered.
    func renew(acknowledgedSendAt sentAt: Int64, generation: Int) {
        guard self.generation.load(ordering: .sequentiallyConsistent) == generation else { return }
        let candidate = sentAt &+ validity.load(ordering: .sequentiallyConsistent)
        var current = deadline.load(ordering: .sequentiallyConsistent)
        while current != 0 && candidate > current {
            let (exchanged, original) = deadline.compareExchange(
                expected: current, desired: candidate, ordering: .sequentiallyConsistent)
            if exchanged { return }
            current = original
        }
    }

    /// Ends the lease of a generation at once (expiry, loss, close).
    func invalidate(generation: Int) {
        guard self.generation.load(ordering: .sequentiallyConsistent) == generation else { return }
        deadline.store(0, ordering: .sequentiallyConsistent)
    }

    /// Records that a request was sent now (for heartbeat scheduling) and returns the time.
    func recordSend() -> Int64 {
        let now = clock.now()
        lastSend.store(now, ordering: .relaxed)
        return now
    }

    var lastSendNanos: Int64 { lastSend.load(ordering: .relaxed) }

    /// The deadline in nanoseconds, 0 when there is no lease.
    var deadlineNanos: Int64 { deadline.load(ordering: .sequentiallyConsistent) }

    /// Whether the lease is valid now, for the given session or for whichever is current.
    func isValid(sessionID expected: Int64? = nil) -> Bool {
        let before = sessionID.load(ordering: .sequentiallyConsistent)
        let deadline = deadline.load(ordering: .sequentiallyConsistent)
        let after = sessionID.load(ordering: .sequentiallyConsistent)
        guard before == after, deadline != 0 else { return false }
        if let expected, expected != before { return false }
        return clock.now() < deadline
    }
}

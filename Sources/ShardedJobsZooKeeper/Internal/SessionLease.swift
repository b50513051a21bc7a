import Synchronization

/// The client's own proof that its session is alive, readable without locks from any thread.
///
/// The handle is opaque and its pings are invisible, so the client keeps its own clock: each
/// request records its send time; a reply that proves the ensemble's leader heard the request
/// renews the lease from that send time (the leader heard us no earlier). The deadline is the
/// last acknowledged send time plus the negotiated session timeout minus a safety margin. Past
/// the deadline the session counts as lost, even if no event says so yet — this is what makes
/// the check right on the first instruction after the process was frozen.
///
/// Only replies that went through the leader count (`Proof`, DESIGN 12.4): a member cut off
/// from its leader keeps answering reads and pings for syncLimit × tickTime while the leader,
/// which alone expires sessions, hears nothing from us. The send time of the latest such reply
/// is also kept as the *last contact*, which a commit check requires to be recent.
///
/// Times are nanoseconds of the client's injected `MonotonicClock` (production:
/// `ContinuousMonotonicClock`). A deadline of 0 means no lease.
final class SessionLease: Sendable {
    /// What a reply proves, by the kind of request it answers. The one place that decides
    /// which replies renew the lease and prove contact.
    enum Proof: Sendable, Equatable {
        /// The reply went through the ensemble's leader: a `sync` or a write (create, setData,
        /// delete, multi — answered by the leader's pipeline even when they fail).
        case leader
        /// The reply may come from the connected member alone: reads, `exists`, children.
        case member

        /// The proof of a reply to the operation named `operation` (`create`, `sync`, `getData`, …).
        init(operation: String) {
            switch operation {
            case "sync", "create", "delete", "setData", "multi": self = .leader
            default: self = .member
            }
        }
    }

    let clock: any MonotonicClock

    /// The generation of the handle that owns the lease; renewals from other handles are ignored.
    private let generation = Atomic<Int>(0)
    private let sessionID = Atomic<Int64>(0)
    private let deadline = Atomic<Int64>(0)
    private let validity = Atomic<Int64>(0)
    /// The send time of the latest leader-proven reply (0 without a lease).
    private let lastContact = Atomic<Int64>(0)
    /// The send time of the latest request whose reply would prove contact (heartbeat cadence).
    private let lastProvingSend = Atomic<Int64>(0)

    init(clock: any MonotonicClock) {
        self.clock = clock
    }

    /// The clock's reading now.
    func now() -> Int64 { clock.now() }

    /// Starts a lease for a new session from a leader-proven reply: generation and id first,
    /// the deadline last.
    func begin(generation: Int, sessionID: Int64, validity: Duration, acknowledgedSendAt sentAt: Int64) {
        deadline.store(0, ordering: .sequentiallyConsistent)
        self.generation.store(generation, ordering: .sequentiallyConsistent)
        self.sessionID.store(sessionID, ordering: .sequentiallyConsistent)
        let validityNanos = validity.nanoseconds
        self.validity.store(validityNanos, ordering: .sequentiallyConsistent)
        lastContact.store(sentAt, ordering: .sequentiallyConsistent)
        deadline.store(sentAt &+ validityNanos, ordering: .sequentiallyConsistent)
    }

    /// Takes note of a reply (one whose result code shows the server handled the request): a
    /// leader-proven one extends the deadline and the last contact from its send time; any
    /// other changes nothing.
    func acknowledge(_ proof: Proof, sentAt: Int64, generation: Int) {
        guard proof == .leader, self.generation.load(ordering: .sequentiallyConsistent) == generation else { return }
        Self.raise(lastContact, to: sentAt)
        Self.raise(deadline, to: sentAt &+ validity.load(ordering: .sequentiallyConsistent))
    }

    /// Raises a nonzero value to `candidate` when that is later (never from 0: no lease).
    private static func raise(_ value: borrowing Atomic<Int64>, to candidate: Int64) {
        var current = value.load(ordering: .sequentiallyConsistent)
        while current != 0 && candidate > current {
            let (exchanged, original) = value.compareExchange(
                expected: current, desired: candidate, ordering: .sequentiallyConsistent)
            if exchanged { return }
            current = original
        }
    }

    /// Ends the lease of a generation at once (expiry, loss, close).
    func invalidate(generation: Int) {
        guard self.generation.load(ordering: .sequentiallyConsistent) == generation else { return }
        deadline.store(0, ordering: .sequentiallyConsistent)
        lastContact.store(0, ordering: .sequentiallyConsistent)
    }

    /// Records that a request is sent now and returns the time (its reply renews from it).
    func recordSend(_ proof: Proof) -> Int64 {
        let now = clock.now()
        if proof == .leader { lastProvingSend.store(now, ordering: .relaxed) }
        return now
    }

    /// When the latest request that can prove contact was sent (the heartbeat is due from it).
    var lastProvingSendNanos: Int64 { lastProvingSend.load(ordering: .relaxed) }

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

    /// Whether the lease is valid now and the last leader-proven contact was sent at most
    /// `limit` nanoseconds ago.
    func hasContact(sessionID expected: Int64? = nil, within limit: Int64) -> Bool {
        let contact = lastContact.load(ordering: .sequentiallyConsistent)
        guard contact != 0, isValid(sessionID: expected) else { return false }
        return clock.now() - contact <= limit
    }
}

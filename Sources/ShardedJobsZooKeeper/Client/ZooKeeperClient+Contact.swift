import Synchronization

/// Proof of contact (DESIGN 12.4): whether a reply that went through the ensemble's leader is
/// recent enough to commit on.
///
/// Only a `sync` or a write proves contact: a member cut off from its leader keeps answering
/// reads and pings for syncLimit × tickTime, while the leader — which alone expires sessions —
/// hears nothing. A commit point asks for such a reply sent at most `contactProofWindow` ago;
/// while work that will commit runs, `withFrequentHeartbeats` keeps one in flight at least
/// every `demandedHeartbeatInterval`, so that a healthy client always has one.
extension ZooKeeperClient {
    /// How old the last leader-proven contact may be for a commit check to pass: 0.5 s.
    public static let contactProofWindow: Duration = .milliseconds(500)

    /// How often a `sync` heartbeat is sent while `withFrequentHeartbeats` is held: 100 ms.
    public static let demandedHeartbeatInterval: Duration = .milliseconds(100)

    /// Whether the lease of session `sessionID` is valid and a reply through the ensemble's
    /// leader (to a request sent at most `window` ago) proves that the leader still hears us.
    ///
    /// Lock-free and computed from the monotonic clock: right on the first instruction after
    /// the process was frozen. Without a heartbeat demand the idle heartbeat comes every 0.3 ×
    /// the session timeout, so this is false most of the time: hold `withFrequentHeartbeats`
    /// while work that checks it runs.
    ///
    /// - Parameters:
    ///   - sessionID: The session the work was started under.
    ///   - window: How old the contact may be.
    public func hasRecentContact(forSession sessionID: Int64, within window: Duration = contactProofWindow) -> Bool {
        lease.hasContact(sessionID: sessionID, within: window.nanoseconds)
    }

    /// Sends one `sync` and returns whether its reply came within `window` while session
    /// `sessionID` is still the client's with a valid lease.
    ///
    /// The reply renews the lease like any leader-proven reply. Returns false at once when the
    /// session is not the current one, and after `window` when no reply came (a cut-off or
    /// unreachable leader), without waiting longer.
    ///
    /// - Parameters:
    ///   - sessionID: The session the work was started under.
    ///   - window: How long the reply may take.
    public func confirmContact(forSession sessionID: Int64, within window: Duration = contactProofWindow) async -> Bool {
        guard let active = state.withLock({ $0.active }), active.session.id == sessionID,
            lease.isValid(sessionID: sessionID)
        else { return false }
        let began = lease.now()
        let replied = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let outcome = OneShot(continuation)
            sendHeartbeat(on: active.connection) { outcome.settle($0) }
            let clock = environment.clock
            environment.spawn {
                do { try await clock.sleep(for: window) } catch { return }
                outcome.settle(false)
            }
        }
        return replied && lease.now() - began <= window.nanoseconds && lease.isValid(sessionID: sessionID)
    }

    /// Runs `body` with a `sync` heartbeat in flight at least every 100 ms, so that
    /// `hasRecentContact` holds on a healthy connection. Holders nest and overlap freely; the
    /// idle cadence (0.3 × the session timeout) returns when the last one ends.
    ///
    /// - Parameter body: The work (a job's running items) whose commits need recent contact.
    /// - Returns: What `body` returns.
    public func withFrequentHeartbeats<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        if heartbeatDemand.wrappingAdd(1, ordering: .relaxed).oldValue == 0,
            let active = state.withLock({ $0.active }), isConnected
        {
            sendHeartbeat(on: active.connection)
        }
        defer { heartbeatDemand.wrappingSubtract(1, ordering: .relaxed) }
        return try await body()
    }

    /// The heartbeat interval now: 100 ms while a demand is held, the idle interval otherwise.
    var currentHeartbeatNanos: Int64 {
        heartbeatDemand.load(ordering: .relaxed) > 0
            ? Self.demandedHeartbeatInterval.nanoseconds : heartbeatNanos.load(ordering: .relaxed)
    }
}

/// A continuation resumed by whichever comes first, the reply or the deadline.
private final class OneShot: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func settle(_ value: Bool) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}

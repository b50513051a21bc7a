import ShardedJobs
import Synchronization

/// A lease a test holds and can revoke: the stand-in for the ZooKeeper session an item was
/// claimed under.
///
/// Valid until ``revoke()``. From then on every context that carries it answers
/// `isLeaseValid == false`, and `checkLease()` throws `LeaseLostError` — what a job sees when
/// its instance can no longer prove its session alive (it was paused, or cut off, past the
/// session timeout) and another instance may already be running the item. Like a lost session,
/// it never becomes valid again.
///
/// ```swift
/// let lease = TestLease()
/// let context = ShardingContext.testing(shardingItem: 2, shardingTotalCount: 4, lease: lease)
/// lease.revoke()
/// #expect(throws: LeaseLostError.self) { try context.checkLease() }
/// ```
public final class TestLease: Sendable {
    /// The session id a `TestLease()` stands for; also the session of the default fencing
    /// token of `ShardingContext.testing(…)`.
    public static let defaultSessionID: Int64 = 0x7E57

    /// The session id the lease stands for (it appears in `LeaseLostError`).
    public let sessionID: Int64
    private let revoked = Atomic(false)

    /// A valid lease of session `sessionID`.
    public init(sessionID: Int64 = TestLease.defaultSessionID) {
        self.sessionID = sessionID
    }

    /// Whether the lease still holds.
    public var isValid: Bool { !revoked.load(ordering: .acquiring) }

    /// Ends the lease for good: every context carrying it sees it lost from now on.
    public func revoke() {
        revoked.store(true, ordering: .releasing)
    }
}

extension TestLease: LeaseAuthority {
    /// Valid while not revoked, for this lease's own session only.
    package func isLeaseValid(forSession sessionID: Int64) -> Bool {
        sessionID == self.sessionID && isValid
    }

    /// A test lease has no contact to prove: the same as `isLeaseValid`.
    package func hasRecentContact(forSession sessionID: Int64) -> Bool {
        isLeaseValid(forSession: sessionID)
    }

    /// A test lease has no `sync` to send: the same as `isLeaseValid`.
    package func confirmContact(forSession sessionID: Int64) async -> Bool {
        isLeaseValid(forSession: sessionID)
    }

    /// Nil: a test lease has no session timeout (a script job's termination grace is not capped).
    package func negotiatedTimeout(ofSession sessionID: Int64) -> Duration? { nil }
}

import Synchronization

/// A bug the deterministic simulator can switch on at its real code site (DESIGN 12.2), to show
/// that its seeds catch it: each case names the guard it removes and the interleaving that then
/// breaks a guarantee (docs/testing.md, "Injected bugs").
///
/// The switch is process-wide and off unless `InjectedBug.activate(_:)` is called; that setter
/// is reachable only through `@_spi(Simulation)`, and nothing reads an environment variable or a
/// file for it, so no deployment can turn a bug on by accident. The job machines get it as a
/// value in their settings when their job is registered; the lease checks read it once per
/// check (an atomic load).
@_spi(Simulation)
public enum InjectedBug: String, Sendable, Hashable, CaseIterable {
    /// `checkLease()` always passes: a worker cut off past its session commits items that the
    /// survivors run again (a duplicate).
    case skipLeaseCheck = "skip-lease-check"
    /// A commit needs the lease only, not a leader-proven contact at most 0.5 s old: a worker on
    /// a follower cut off from its leader keeps its lease from the follower's answers and commits
    /// after the leader expired its session (a duplicate).
    case commitWithoutContactProof = "commit-without-contact-proof"
    /// An item's completion record is written when the item starts, before its work commits: a
    /// worker killed meanwhile leaves `last` past a fire nobody committed (a lost item-fire).
    case clearBeforeCommit = "clear-before-commit"
    /// A claim's multi neither checks nor rewrites `sharding/{item}`: a claim made from a stale
    /// view of the item's `last` runs a fire another instance already completed (a duplicate).
    case claimWithoutItemVersion = "claim-without-item-version"
    /// A failover claim trusts the running mark it read before the item's `last`: a mark
    /// deleted and `last` moved between the two reads makes it run a completed fire again (a
    /// duplicate).
    case failoverReadsMarkBeforeItem = "failover-reads-mark-before-item"
    /// Completion records still in flight when the session is lost are dropped: the items'
    /// fires are run again on the next session or by failover (a duplicate).
    case dropPendingCompletion = "drop-pending-completion"
    /// Catch-up computes owed fires with the current cron over all of the past: after a cron
    /// change it runs a boundary of the new cron that lies before the change and skips the old
    /// schedule's owed fire (a lost item-fire).
    case catchUpWithCurrentCron = "catch-up-with-current-cron"
    /// Catch-up ignores gap records: after an enable it runs a fire scheduled while disabled and
    /// skips the fire owed from before the disable (a lost item-fire).
    case catchUpThroughDisable = "catch-up-through-disable"
    /// Catch-up ignores the job's active window: it runs a fire before `activeFrom` or at or
    /// after `activeUntil` (a forbidden execution).
    case catchUpOutsideWindow = "catch-up-outside-window"

    private static let active = Atomic<Int>(-1)

    /// Switches `bug` on for the whole process (nil: every bug off, the default).
    public static func activate(_ bug: InjectedBug?) {
        active.store(bug.flatMap { allCases.firstIndex(of: $0) } ?? -1, ordering: .sequentiallyConsistent)
    }

    /// The bug switched on, if any.
    public static var current: InjectedBug? {
        let index = active.load(ordering: .relaxed)
        return index >= 0 && index < allCases.count ? allCases[index] : nil
    }

    /// Whether this bug is switched on.
    var isActive: Bool { Self.current == self }
}

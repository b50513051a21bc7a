import Foundation
import Logging
import ShardedJobsZooKeeper

/// The job leader's `missedAfter` alarm (DESIGN 12.10): each regular fire the leader sees is
/// checked `alarm.missedAfter` after its time — one read of `sharding/{item}` (the item's
/// `last`) per item that had an owner and was not disabled at the fire — and an episode is
/// raised when an item's `last` is still older than the fire, resolved at the first later
/// check that finds every item complete.
struct MissedFireCheck: Sendable {
    /// The rule's name, the last component of its node.
    static let name = "missedAfter"

    /// One fire to check.
    struct Expected: Sendable, Hashable {
        var fire: Int64
        var items: [Int]
        /// When to check, epoch ms.
        var dueAt: Int64
        var after: Duration
        var silenceMillis: Int64
    }

    let store: AlarmRecordStore
    let paths: JobNodePath
    let clock: any SchedulerClock

    /// Checks one fire; returns whether an episode was raised.
    func check(_ expected: Expected) async throws -> Bool {
        var missing: [Int] = []
        for item in expected.items {
            let last: Int64?
            do {
                last = Int64(try await store.client.getData(paths.item(item)).string.trimmingCharacters(in: .whitespaces))
            } catch let error as ZooKeeperError where error.code == .noNode {
                last = nil
            }
            if (last ?? .min) < expected.fire { missing.append(item) }
        }
        var (record, version) = try await store.read()
        if !record.delivered {
            try await store.deliver(record, version: version)
            (record, version) = try await store.read()
        }
        let now = clock.nowMillis()
        guard let next = Self.decide(record, missing: missing, expected, now: now) else { return false }
        try await store.write(next, over: version)
        try await store.deliver(next, version: version + 1)
        return next.raised
    }

    /// The record's transition for a check that found `missing` items incomplete, if any.
    static func decide(_ record: AlarmRecord, missing: [Int], _ expected: Expected, now: Int64) -> AlarmRecord? {
        var next = record
        switch (record.raised, missing.isEmpty) {
        case (false, false) where now >= record.silenceUntil:
            next.raised = true
            next.episode += 1
            next.silenceUntil = now + expected.silenceMillis
            next.fire = expected.fire
            next.items = missing
            next.causes = [
                "the fire at \(InstantText.utc(millis: expected.fire)) had not completed \(DurationText.format(expected.after)) later"
            ]
        case (true, true):
            next.raised = false
        default:
            return nil
        }
        next.delivered = false
        next.changedAt = now
        return next
    }
}

import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// One pass over the failover queue (`leader/failover/items`) under the failover mutex
/// (`leader/failover/latch`): claims this instance's fair share of the orphaned items.
///
/// For each queued item it re-reads the `running` mark; an item whose mark is gone or live is
/// dropped from the queue (someone completed or claimed it). An orphaned item is claimed in
/// one multi-op: the queue entry deleted, the `running` mark rewritten to name us (versioned),
/// `sharding/{item}` rewritten with its own value (versioned — the transaction's zxid is the
/// claim's fencing token, higher than the dead executor's), `failover` created (ephemeral,
/// our id) and `failovering` written (persistent, our id). The mark then names us, so if we
/// die in turn the item is queued again. The share is the queue's length divided by the live
/// instances on enabled servers, rounded up; a leftover pass takes everything.
struct FailoverClaimer: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let sessionID: Int64
    /// The assignment epoch the claims are recorded under (in their fencing tokens).
    let epoch: Int32
    let itemCount: Int
    let calendar: JobCalendar?
    /// Whether the job runs missed fires (`misfire`).
    let misfire: Bool
    /// The job's `catchUpWindow` (ms) when one is set and not zero: an orphaned execution of an
    /// older fire is completed without a run, and the drop reported to `skipped`.
    var window: Int64? = nil
    /// Told of each drop (``SchedulerSettings/onSkippedFires``).
    var skipped: (@Sendable (SkippedFires) -> Void)? = nil
    let clock: any SchedulerClock
    let logger: Logger
    /// Called after the claimer's first read of a queued item, before it reads the rest: the
    /// tests make other instances act there, as they may on a real cluster.
    var afterFirstRead: (@Sendable (Int) async throws -> Void)? = nil

    /// Claims up to the share under the mutex; `local` are the items this instance already
    /// runs by failover.
    func pass(mutex: InterProcessMutex, liveInstances: Int, leftover: Bool, skipping local: Set<Int>) async throws
        -> FailoverPassOutcome
    {
        guard try await mutex.acquire(timeout: .seconds(10)) else { return FailoverPassOutcome(claims: [], remaining: 1) }
        do {
            let outcome = try await claimShare(liveInstances: liveInstances, leftover: leftover, skipping: local)
            try await mutex.release()
            return outcome
        } catch {
            try? await mutex.release()
            throw error
        }
    }

    func claimShare(liveInstances: Int, leftover: Bool, skipping local: Set<Int>) async throws -> FailoverPassOutcome {
        let queued = try await queue().filter { !local.contains($0) }
        // The fair share counts what this instance already runs by failover, so that a pass
        // its own claims set off does not take the items meant for the others.
        let live = max(1, liveInstances)
        let share = leftover ? queued.count : (queued.count + local.count + live - 1) / live - local.count
        let marks = RunningMarkReader(client: client, paths: paths)
        var claims: [ClaimedItem] = []
        var handled = 0
        for item in queued where claims.count < share {
            guard client.isLeaseValid(forSession: sessionID) else { break }
            do {
                if let claim = try await claim(item, marks: marks) { claims.append(claim) }
            } catch where !claims.isEmpty {
                // The items claimed so far carry our marks: they must run (a mark of our live
                // session that nothing runs would block every resharding, simulator seed
                // 438055); the rest waits for the next pass.
                logger.warning("failover claim pass stopped after \(claims.count) claims: \(error)")
                break
            }
            handled += 1
        }
        return FailoverPassOutcome(claims: claims, remaining: queued.count - handled)
    }

    /// The queued items, in ascending order; entries beyond the item count are removed.
    private func queue() async throws -> [Int] {
        let names: [String]
        do {
            names = try await client.getChildren(paths.failoverItems).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
        var items: [Int] = []
        for name in names {
            guard let item = Int(name), item < itemCount else {
                try? await client.delete(paths.failoverItems + "/" + name)
                continue
            }
            items.append(item)
        }
        return items.sorted()
    }

    private func claim(_ item: Int, marks: RunningMarkReader) async throws -> ClaimedItem? {
        let entry = paths.failoverItem(item)
        // The item is read before its mark, and the multi checks the item's version: every
        // write that creates or replaces a mark also rewrites the item, so a successful multi
        // proves the mark read is still the one in place. Checking the mark's own version is
        // not enough — a newer fire's mark has version 0 too, and a member that lags behind
        // (after a quorum loss, say) can still serve the older one. (The simulator's
        // `failover-reads-mark-before-item` bug reads them the other way round.)
        let markFirst = InjectedBug.failoverReadsMarkBeforeItem.isActive
        let earlyMark = markFirst ? try await marks.read(item: item) : nil
        let itemData: NodeData
        do {
            itemData = try await client.getData(paths.item(item))
        } catch let error as ZooKeeperError where error.code == .noNode {
            try? await client.delete(entry)
            return nil
        }
        try await afterFirstRead?(item)
        guard let running = markFirst ? earlyMark : try await marks.read(item: item), try await !marks.isLive(running) else {
            try? await client.delete(entry)
            return nil
        }
        let last = Int64(itemData.string) ?? 0
        let nowMillis = clock.nowMillis()
        let scheduled = running.mark?.scheduled ?? calendar?.latestDue(after: last, notAfter: nowMillis) ?? nowMillis
        let kind = running.mark?.kind ?? .regular
        // A backfill's fire carries on with the item's progress node in the backfill; without
        // one (the backfill removed by hand) it is completed without a run.
        var backfill: BackfillProgressWrite?
        if case .backfill(let id) = kind {
            guard let progress = try await client.exists(paths.backfillProgress(id, item: item)) else {
                try await drop(item, running: running, itemData: itemData, last: last, scheduled: scheduled, reason: nil)
                return nil
            }
            backfill = BackfillProgressWrite(id: id, fire: scheduled, version: progress.version)
        }
        if backfill == nil, let window, nowMillis - scheduled > window {
            // Older than the catch-up window: completed as the claim's own completion would,
            // without a run (DESIGN 12.6).
            try await drop(item, running: running, itemData: itemData, last: last, scheduled: scheduled, reason: .window)
            return nil
        }
        // The run keeps the policies its mark recorded (DESIGN 12.1), and continues with the
        // next attempt: the interrupted one may have run (DESIGN 12.6).
        let timeout = running.mark?.timeout
        let attempt = (running.mark?.attempt ?? 1) + 1
        let mark = RunningMark(
            instance: instance, scheduled: scheduled, sessionID: sessionID, kind: kind, timeout: timeout, attempt: attempt)
        let me = Array(instance.description.utf8)
        var operations: [ZooKeeperOperation] = [
            .delete(path: entry),
            .setData(path: paths.itemRunning(item), data: mark.bytes, version: running.stat.version),
            .setData(path: paths.item(item), data: itemData.bytes, version: itemData.stat.version),
        ]
        if try await client.exists(paths.itemFailover(item)) != nil {
            operations.append(.delete(path: paths.itemFailover(item)))
        }
        operations.append(.create(path: paths.itemFailover(item), data: me, mode: .ephemeral))
        if try await client.exists(paths.itemFailovering(item)) != nil {
            operations.append(.setData(path: paths.itemFailovering(item), data: me))
        } else {
            operations.append(.create(path: paths.itemFailovering(item), data: me))
        }
        if let backfill { operations.append(.check(path: paths.backfillProgress(backfill.id, item: item), version: backfill.version)) }
        let stat: (version: Int32, zxid: Int64)
        do {
            let results = try await client.multi(operations)
            guard let written = results[2].stat else { return nil }
            stat = (written.version, written.mzxid)
        } catch let error as ZooKeeperError where error.failedOperationIndex != nil {
            // The queue entry, the mark or the item changed meanwhile: someone else acted.
            logger.debug("failover: item \(item) changed while claiming it (\(error)); leaving it")
            return nil
        } catch let error as ZooKeeperError where error.code.isRetryable {
            // The reply was lost: if the multi was applied, our mark is on the item and it must
            // run (simulator seed 600030: the mark of our live session blocked every resharding).
            let readBack = ClaimReadBack(client: client, paths: paths, clock: clock)
            guard let claimed = await readBack.claimedVersions(mark: mark.bytes, on: item, items: [item], sessionID: sessionID)?[item]
            else { throw error }
            stat = (claimed.version, claimed.zxid)
        }
        logger.info(
            "failover: claimed item \(item) of \(running.mark?.instance.description ?? "an unknown instance")",
            metadata: ["shard.item": "\(item)", "fire": "\(scheduled)"])
        // The interrupted run may itself have stood for missed fires (its mark says so): then
        // so does this one (DESIGN section 6 point 5's source rule), whatever schedule is in
        // effect now — a cron change since must not shrink what it stands for.
        let missed = misfire && kind == .catchUp
        var claim = ClaimedItem(
            item: item, source: missed ? .misfire : .failover,
            token: FencingToken(value: stat.zxid, sessionID: sessionID, epoch: epoch),
            version: stat.version, last: last, fire: scheduled, failoverMarks: true, isManual: kind == .manual, timeout: timeout,
            attempt: attempt)
        claim.backfill = backfill
        return claim
    }

    /// Completes an orphaned execution without running it — one older than the catch-up window
    /// (`reason` `.window`, then reported), or a backfill's whose backfill is gone: in one
    /// multi-op checked at the mark's and the item's versions, the queue entry and the mark
    /// deleted, `last` moved as the execution's completion would (never lower), the failover
    /// nodes deleted.
    private func drop(
        _ item: Int, running: RunningMarkReader.Read, itemData: NodeData, last: Int64, scheduled: Int64, reason: SkippedFires.Reason?
    ) async throws {
        let completed = running.mark?.completedLast(over: last) ?? max(last, scheduled)
        let completedBytes = Array(String(completed).utf8)
        var operations: [ZooKeeperOperation] = [
            .delete(path: paths.failoverItem(item)),
            .delete(path: paths.itemRunning(item), version: running.stat.version),
            .setData(path: paths.item(item), data: completedBytes, version: itemData.stat.version),
        ]
        for node in [paths.itemFailover(item), paths.itemFailovering(item)] where try await client.exists(node) != nil {
            operations.append(.delete(path: node))
        }
        do {
            _ = try await client.multi(operations)
        } catch let error as ZooKeeperError where error.failedOperationIndex != nil {
            logger.debug("failover: item \(item) changed while dropping its old execution (\(error)); leaving it")
            return
        } catch let error as ZooKeeperError where error.code.isRetryable {
            // The reply was lost: if the multi was applied, `last` moved past a fire that
            // nothing ran, and the skip must still be reported (simulator seed 774831).
            let readBack = ClaimReadBack(client: client, paths: paths, clock: clock)
            guard
                await readBack.wasWritten(
                    item: item, bytes: completedBytes, version: itemData.stat.version + 1, sessionID: sessionID)
            else { throw error }
        }
        guard let reason else {
            logger.info("failover: item \(item)'s backfill execution of \(scheduled) lost its backfill: completed without a run")
            return
        }
        logger.info("failover: item \(item)'s execution of \(scheduled) is older than the catch-up window: completed without a run")
        skipped?(SkippedFires(jobName: paths.jobName, item: item, afterMillis: last, throughMillis: scheduled, reason: reason))
    }
}

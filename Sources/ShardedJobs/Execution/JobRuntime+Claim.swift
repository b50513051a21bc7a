import ShardedJobsCron
import Foundation
import Logging
import ShardedJobsZooKeeper

/// One item a fire will run: how it was claimed and what its clear must write.
struct ItemClaim: Sendable {
    let item: Int
    let source: ExecutionSource
    /// The claim's fencing token (nil without `monitorExecution`).
    let token: FencingToken?
    /// The data version of `sharding/{item}` after the mark (nil without `monitorExecution`).
    let version: Int32?
    /// The item's `last` before the fire (kept by a manual trigger's clear).
    let last: Int64?
    /// The scheduled fire this claim runs for, when it is not the fire's own (a failover run
    /// stands for the interrupted fire).
    var scheduled: Int64? = nil
    /// Nodes the clear deletes besides `running` (a failover claim's `failover` and
    /// `failovering`).
    var cleanup: [String] = []
}

extension JobRuntime {
    /// Marks the items of a fire running in one multi-op and returns the claims.
    ///
    /// The multi checks the epoch (`/{job}/sharding`'s data version read with the assignment),
    /// rewrites each `sharding/{item}` with its own value at the known version, and creates
    /// each `running` node. An instance acting on an outdated assignment, or on an item that
    /// someone else has just completed or claimed, cannot start it; the multi's zxid is each
    /// item's fencing token. When the multi fails, the cause is re-read and the multi retried
    /// without the items that may not run, a few times at most.
    func claim(
        _ owned: [Int], for event: FireEvent, manual: Bool, catchUp: Bool, session: Int64, epoch: Int32
    ) async -> [ItemClaim] {
        do {
            try await loadProgress(of: Set(owned).subtracting(progress.keys))
        } catch {
            logger.warning("fire at \(event.scheduled) skipped: cannot read item progress: \(error)")
            return []
        }
        var candidates = owned.filter { item in
            guard let known = progress[item] else { return false }
            return manual || known.last < event.scheduled
        }
        var currentEpoch = epoch
        let mark = RunningMark(instance: instance, scheduled: manual ? nil : event.scheduled, sessionID: session)
        let calendar = JobCalendar(configuration)
        for _ in 0..<3 {
            guard !candidates.isEmpty else { return [] }
            var operations: [ZooKeeperOperation] = [.check(path: paths.sharding, version: currentEpoch)]
            for item in candidates {
                guard let known = progress[item] else { continue }
                operations.append(.setData(path: paths.item(item), data: Array(String(known.last).utf8), version: known.version))
                operations.append(
                    .create(
                        path: paths.itemRunning(item), data: mark.bytes,
                        mode: configuration.failover ? .persistent : .ephemeral))
            }
            do {
                let results = try await client.multi(operations)
                return candidates.enumerated().compactMap { index, item in
                    guard let stat = results[1 + 2 * index].stat, let known = progress[item] else { return nil }
                    progress[item] = ItemProgress(last: known.last, version: stat.version)
                    let missed = calendar.hasFire(between: known.last, and: event.scheduled)
                    return ItemClaim(
                        item: item,
                        source: manual || !configuration.misfire ? .normalTrigger : (catchUp || missed ? .misfire : .normalTrigger),
                        token: FencingToken(value: stat.mzxid, sessionID: session, epoch: currentEpoch),
                        version: stat.version, last: known.last)
                }
            } catch let error as ZooKeeperError {
                guard let index = error.failedOperationIndex, [.badVersion, .noNode, .nodeExists].contains(error.code) else {
                    logger.warning("fire at \(event.scheduled) skipped: marking items running failed: \(error)")
                    return []
                }
                if index == 0 {
                    // The assignment changed under us: re-read it and claim what is still ours.
                    do { try await refreshAssignment() } catch { return [] }
                    guard let fresh = view.epoch, view.isStable else { return [] }
                    currentEpoch = fresh
                    let mine = Set(view.items(ownedBy: instance))
                    candidates = candidates.filter { mine.contains($0) && progress[$0] != nil }
                    continue
                }
                let item = candidates[(index - 1) / 2]
                if error.code == .nodeExists {
                    logger.info("item \(item) is already running elsewhere: not started for \(event.scheduled)")
                    candidates.removeAll { $0 == item }
                    await watchRunning(item)
                    continue
                }
                // Someone else wrote the item (completed it, or it vanished): re-read it.
                progress.removeValue(forKey: item)
                try? await loadProgress(of: [item])
                candidates.removeAll { $0 == item && !(manual || (progress[item]?.last ?? .max) < event.scheduled) }
            } catch {
                logger.warning("fire at \(event.scheduled) skipped: \(error)")
                return []
            }
        }
        return []
    }

    /// Watches an item's `running` node that blocked a claim (a failover run, or an execution
    /// elsewhere not yet seen to end): when it goes, the instance catches up (DESIGN 6b).
    func watchRunning(_ item: Int) async {
        guard configuration.misfire, !armed.contains(.itemRunning(item)) else { return }
        do {
            let (stat, watch) = try await client.watchExistence(paths.itemRunning(item))
            route(watch, as: .itemRunning(item))
            if stat == nil { post.yield(.catchUpDue) }
        } catch {
            logger.debug("cannot watch item \(item)'s running mark: \(error)")
        }
    }
}

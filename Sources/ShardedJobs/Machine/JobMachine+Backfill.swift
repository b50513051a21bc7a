extension JobMachine {
    /// Starts the next fire of a backfill for the owned items that may run one (DESIGN 12.6):
    /// the oldest active backfill first, each item's fires oldest first, items whose next fire
    /// is the oldest claimed together. An item runs one only when nothing of it runs or is
    /// owed, and its next regular fire starts at least half a period from now — so a backfill
    /// fire of typical length ends before it, and a regular fire that finds it running is an
    /// overlap (bufferOne: it runs right after). Called where catch-up is (`catchUp`), once
    /// nothing is owed.
    mutating func startBackfillIfDue(now: Int64, _ actions: inout [JobAction]) {
        guard backfill == .idle, fire == .idle, configuration.monitorExecution, activeSession != nil, view.isStable,
            view.isEnabled(server: instance.ip), carriesLabel, !isStopping, leavesRoomBeforeNextFire(now: now)
        else { return }
        let held = heldItems
        let owned = view.items(ownedBy: instance).filter {
            !view.disabledItems.contains($0) && !held.contains($0) && !fireSkips.contains($0)
        }
        for known in backfills.values.sorted(by: { ($0.record.createdMillis, $0.record.id) < ($1.record.createdMillis, $1.record.id) })
        where known.record.state == .active {
            let finished = backfillFinished[known.record.id] ?? []
            let items = owned.filter { !finished.contains($0) }
            guard !items.isEmpty else { continue }
            let unknown = items.filter { progress[$0] == nil }
            guard unknown.isEmpty else {
                // `progressRead` comes back through `catchUp`.
                actions.append(.loadProgress(unknown))
                return
            }
            backfill = .loading(backfill: known.record.id, items: items)
            actions.append(.loadBackfillProgress(id: known.record.id, items: items))
            return
        }
    }

    /// Whether the job's next regular fire starts at least half its period from now (none
    /// coming: yes).
    private func leavesRoomBeforeNextFire(now: Int64) -> Bool {
        let calendar = JobCalendar(configuration)
        guard let next = calendar.nextStarting(after: now), let following = calendar.next(after: next) else { return true }
        return (calendar.start(of: next) - now) * 2 >= following - next
    }

    /// The backfills were read (their watch fired, or at registration): new ones may start.
    mutating func backfillsRead(_ read: [KnownBackfill], now: Int64, _ actions: inout [JobAction]) {
        backfills = Dictionary(uniqueKeysWithValues: read.map { ($0.record.id, $0) })
        backfillFinished = backfillFinished.filter { backfills[$0.key] != nil }
        catchUp(now: now, &actions)
    }

    /// The items' progress nodes were read: those with a fire left claim the oldest one.
    mutating func backfillProgressRead(id: String, _ read: [Int: BackfillItemProgress], now: Int64, _ actions: inout [JobAction]) {
        guard case .loading(id, let items) = backfill else { return }
        backfill = .idle
        guard !read.isEmpty else {
            // The read failed: tried again a moment later.
            if activeSession != nil { start(JobTimer.catchUp, at: now + 1_000, &actions) }
            return
        }
        guard let known = backfills[id], known.record.state == .active, let session = activeSession, let epoch = view.epoch,
            fire == .idle, view.isStable
        else { return catchUp(now: now, &actions) }
        let held = heldItems
        let owned = Set(view.items(ownedBy: instance))
        var next: [Int: Int64] = [:]
        for item in items {
            guard let done = read[item] else { continue }
            guard let fire = known.record.nextFire(of: configuration, after: done.done) else {
                backfillFinished[id, default: []].insert(item)
                continue
            }
            if !held.contains(item), owned.contains(item) { next[item] = fire }
        }
        guard let oldest = next.values.min() else { return catchUp(now: now, &actions) }
        let candidates = next.filter { $0.value == oldest }.keys.sorted().compactMap { item -> BackfillCandidate? in
            guard let known = progress[item], let done = read[item] else { return nil }
            return BackfillCandidate(item: item, progress: known, done: done)
        }
        guard !candidates.isEmpty else { return catchUp(now: now, &actions) }
        let claim = BackfillClaim(
            attempt: nextClaimAttempt, backfill: known, fire: oldest, epoch: epoch, sessionID: session, items: candidates,
            persistentMarks: configuration.failover, timeout: configuration.sharded.timeout?.milliseconds)
        nextClaimAttempt += 1
        backfill = .claiming(claim)
        actions.append(.claimBackfill(claim))
    }

    /// The backfill claim answered: the run starts, or what changed is read again.
    mutating func backfillClaimReplied(_ reply: ClaimReply, now: Int64, _ actions: inout [JobAction]) {
        guard case .claiming(let claim) = backfill, claim.attempt == reply.attempt else { return }
        backfill = .idle
        guard activeSession == claim.sessionID, !isStopping else {
            if case .claimed(_, let versions) = reply {
                releaseUnrun(claimedItems(claim, versions), sessionID: claim.sessionID, &actions)
            }
            finishShutdownIfIdle(&actions)
            return
        }
        switch reply {
        case .claimed(_, let versions):
            actions.append(.log(.info, "backfill \(claim.backfill.record.id): items \(claim.items.map(\.item)) run its fire \(claim.fire)"))
            startRun(kind: .backfill, fire: claim.fire, session: claim.sessionID, claims: claimedItems(claim, versions), &actions)
            catchUp(now: now, &actions)
        case .epochChanged:
            actions.append(.read(.epoch))
        case .configurationChanged:
            // The backfill was cancelled or removed.
            actions.append(.read(.backfills))
        case .alreadyRunning(_, let item):
            actions.append(.watchRunning(item: item))
        case .itemChanged(_, let item):
            progress.removeValue(forKey: item)
            actions.append(.loadProgress([item]))
        case .failed(_, let reason):
            actions.append(.log(.warning, "backfill \(claim.backfill.record.id): claiming its fire \(claim.fire) failed: \(reason)"))
            if activeSession != nil { start(JobTimer.catchUp, at: now + 1_000, &actions) }
        }
    }

    /// The claimed items of a backfill claim: their `last` is written back unchanged, their
    /// progress node is what their completion writes.
    private mutating func claimedItems(_ claim: BackfillClaim, _ versions: [Int: ClaimedVersion]) -> [ClaimedItem] {
        claim.items.compactMap { candidate in
            guard let claimed = versions[candidate.item] else { return nil }
            progress[candidate.item] = ItemProgress(
                last: candidate.progress.last, version: claimed.version, gap: progress[candidate.item]?.gap ?? candidate.progress.gap)
            var item = ClaimedItem(
                item: candidate.item, source: .normalTrigger,
                token: FencingToken(value: claimed.zxid, sessionID: claim.sessionID, epoch: claim.epoch),
                version: claimed.version, last: candidate.progress.last, fire: claim.fire, timeout: claim.timeout)
            item.backfill = BackfillProgressWrite(id: claim.backfill.record.id, fire: claim.fire, version: candidate.done.version ?? 0)
            return item
        }
    }
}

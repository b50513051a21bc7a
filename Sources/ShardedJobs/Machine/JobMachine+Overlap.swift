extension JobMachine {
    /// A regular fire came due while executions of these items, held by this instance, still
    /// run: the job's overlap policy decides for each of them (DESIGN 12.6); the instance's other
    /// items take the fire.
    mutating func overlapped(_ items: [Int], fire scheduled: Int64, _ actions: inout [JobAction]) {
        // An item waiting out its backoff gets no next attempt once its next fire is due: its
        // attempts end now, whatever the policy does with the fire. (One whose mark is still
        // being rewritten ends when the rewrite answers: its completion must expect the
        // version the rewrite leaves — simulator seed 988538.)
        for var run in runs.values.sorted(by: { $0.id < $1.id }) {
            for item in items where isBackingOff(run: run, item: item) {
                actions.append(.log(.info, "item \(item)'s next attempt of fire \(run.fire) does not start: fire \(scheduled) is due"))
                cancel(.retry(run: run.id, item: item), &actions)
                finishAttempts(&run, item: item, &actions)
            }
        }
        switch configuration.overlapPolicy {
        case .bufferOne:
            actions.append(.log(.info, "items \(items) still run an earlier fire: \(scheduled) runs for them once they end (MISFIRE)"))
        case .skip:
            for item in items { skipOverlapped(item, fire: scheduled, &actions) }
        case .cancelRunning:
            for item in items {
                for run in runs.values.sorted(by: { $0.id < $1.id }) where run.stages[item] == .running {
                    actions.append(.log(.warning, "item \(item) still runs fire \(run.fire): stopped for \(scheduled) (overlapPolicy cancelRunning)"))
                    actions.append(.stopItem(run: run.id, item: item, cause: .overlap))
                }
            }
        }
    }

    /// A regular fire's claim found an item's mark held elsewhere: under `skip` the fire is
    /// dropped for it; otherwise it buffers (the item is caught up once the mark goes).
    /// Returns whether the mark is to be watched.
    mutating func overlappedElsewhere(_ item: Int, fire scheduled: Int64, _ actions: inout [JobAction]) -> Bool {
        guard configuration.overlapPolicy == .skip else { return configuration.misfire }
        skipOverlapped(item, fire: scheduled, &actions)
        return false
    }

    /// Drops a fire for an item that still runs (`overlapPolicy: skip`): reported, and left out
    /// of catch-up (`latestOwedFire`).
    private mutating func skipOverlapped(_ item: Int, fire scheduled: Int64, _ actions: inout [JobAction]) {
        overlapSkips[item, default: []].insert(scheduled)
        actions.append(.log(.info, "item \(item) still runs: fire at \(scheduled) skipped (overlapPolicy skip)"))
        actions.append(.reportSkippedFires(item: item, after: scheduled - 1, through: scheduled, reason: .skip))
    }

    /// An item's latest owed fire that has started by `now` and that overlap did not skip: a
    /// run for it also stands for the owed fires before it.
    func latestOwedFire(_ item: Int, _ known: ItemProgress, owed: OwedFires, now: Int64) -> Int64? {
        unskipped(item, owed.latestStarted(after: known.last, by: now, gap: known.gap), known, owed)
    }

    /// `fire`, an owed fire of the item, or the latest owed fire before it, that overlap did not
    /// skip; nil when there is none (a run after skipped fires does not stand for them).
    func unskipped(_ item: Int, _ fire: Int64?, _ known: ItemProgress, _ owed: OwedFires) -> Int64? {
        let skipped = overlapSkips[item] ?? []
        var fire = fire
        while let candidate = fire, skipped.contains(candidate) {
            fire = owed.latest(after: known.last, notAfter: candidate - 1, gap: known.gap)
        }
        return fire
    }

    /// Forgets skipped fires at or before their item's `last`, and those of items no longer
    /// known here.
    mutating func pruneOverlapSkips() {
        for (item, fires) in overlapSkips {
            let rest: Set<Int64> = progress[item].map { known in fires.filter { $0 > known.last } } ?? []
            overlapSkips[item] = rest.isEmpty ? nil : rest
        }
    }
}

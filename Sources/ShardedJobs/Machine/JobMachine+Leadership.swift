extension JobMachine {
    /// Leadership gained or lost: the leader mirrors itself in `leader/election/instance`,
    /// checks at once whether a resharding is needed (DESIGN section 6 point 4) and repairs.
    mutating func leadershipChanged(_ leads: Bool, now: Int64, _ actions: inout [JobAction]) {
        guard leads != isLeader else { return }
        isLeader = leads
        if leads {
            actions.append(.log(.info, "elected leader"))
            actions.append(.mirrorLeadership)
            guard activeSession != nil else { return }
            rebalanceDue = isSpread
            if isLoadAware { startReadingLoads(&actions) }
            scheduleReshardCheck(now: now, &actions)
            repairAsLeader(&actions)
        } else {
            actions.append(.log(.info, "no longer the leader"))
            cancel(.reshardDebounce, &actions)
            stopJudgingLoads(&actions)
            plannedAssignment = nil
            if resharding != .idle {
                resharding = .idle
                actions.append(.cancelResharding)
            }
        }
    }

    /// Checks for a resharding after the debounce (membership changes come in bursts).
    mutating func scheduleReshardCheck(now: Int64, _ actions: inout [JobAction]) {
        start(.reshardDebounce, at: now + settings.reshardingDebounce, &actions)
    }

    /// Reshards when the stored assignment differs from the strategy's for the current
    /// membership (or the flag is set): flag it first.
    mutating func reshardIfNeeded(now: Int64, _ actions: inout [JobAction]) {
        guard isLeader, let session = activeSession, resharding == .idle, view.epoch != nil, !isStopping else { return }
        if isLoadAware { return reshardForLoad(now: now, session: session, &actions) }
        if isSpread, rebalanceDue || view.needsResharding(shardingStrategies) {
            return checkSpread(&actions)
        }
        guard view.needsResharding(shardingStrategies) else { return }
        actions.append(.log(.info, "resharding over \(view.shardingInstances.map(\.description))"))
        resharding = .flagging
        actions.append(.flagResharding(sessionID: session))
    }

    /// The item count of the assignment being written, when a resharding is writing one.
    var writingItemCount: Int? {
        if case .writing(let count) = resharding { return count }
        return nil
    }

    /// The flags exist: wait by watch for running items to end.
    mutating func reshardingFlagged(_ succeeded: Bool, _ reason: String?, now: Int64, _ actions: inout [JobAction]) {
        guard resharding == .flagging else { return }
        guard succeeded else {
            reshardingFailed(reason, now: now, &actions)
            return
        }
        resharding = .waitingForIdleItems
        actions.append(.awaitIdleItems)
    }

    /// No item runs on a live instance: write the assignment the strategy computes for the
    /// membership as it is now.
    mutating func itemsIdle(_ succeeded: Bool, _ reason: String?, now: Int64, _ actions: inout [JobAction]) {
        guard resharding == .waitingForIdleItems else { return }
        guard succeeded, isLeader, let epoch = view.epoch else {
            reshardingFailed(reason ?? "leadership or the epoch was lost", now: now, &actions)
            return
        }
        guard let assignment = plannedAssignment ?? (isLoadAware ? loadAwareAssignment : view.computedAssignment(shardingStrategies))
        else {
            // The instances read with the labels answer and check again.
            reshardingFailed("an instance's labels are being read", now: now, &actions)
            return
        }
        let unplaced = view.unplacedReason
        if let unplaced { actions.append(.log(.warning, "items assigned to nobody: \(unplaced)")) }
        plannedAssignment = nil
        resharding = .writing(itemCount: configuration.shardingTotalCount)
        actions.append(
            .writeAssignment(
                AssignmentWrite(
                    epoch: epoch, epochValue: view.epochValue + 1, itemCount: configuration.shardingTotalCount,
                    assignment: assignment, owners: view.owners, toNobody: unplaced != nil)))
    }

    /// The assignment multi-op answered: the new assignment is read back; followers that
    /// waited fire.
    mutating func assignmentWritten(_ succeeded: Bool, _ reason: String?, now: Int64, _ actions: inout [JobAction]) {
        guard let written = writingItemCount else { return }
        guard succeeded else {
            reshardingFailed(reason, now: now, &actions)
            return
        }
        resharding = .idle
        actions.append(.count(.reshardings))
        actions.append(.read(.epoch))
        actions.append(.read(.necessary))
        // The item count changed while the assignment was written: the items beyond the new
        // count are deleted only by a resharding for it, and the view, which reads the items
        // below the count, cannot tell that one is needed (simulator seed 295634).
        if written != configuration.shardingTotalCount, isLeader, let session = activeSession {
            actions.append(.log(.info, "the item count changed to \(configuration.shardingTotalCount) while resharding for \(written): resharding again"))
            if isSpread { return checkSpread(&actions) }
            resharding = .flagging
            actions.append(.flagResharding(sessionID: session))
        }
    }

    private mutating func reshardingFailed(_ reason: String?, now: Int64, _ actions: inout [JobAction]) {
        resharding = .idle
        if plannedAssignment != nil {
            plannedAssignment = nil
            rebalanceDue = true
        }
        if let reason { actions.append(.log(.warning, "resharding failed: \(reason)")) }
        if isLeader, rebalanceDue || loadReshardDue || view.needsResharding(shardingStrategies) {
            scheduleReshardCheck(now: now, &actions)
        }
    }
}

/// The leader's resharding (DESIGN section 6 point 4), one step at a time.
enum ReshardingStage: Sendable, Hashable {
    case idle
    /// A SPREAD leader asks the pool for the assignment (`.computeSpread`).
    case spreading
    /// `necessary` and `processing` are being created.
    case flagging
    /// Waiting by watch for running items to finish.
    case waitingForIdleItems
    /// The assignment multi-op for this item count is in flight.
    case writing(itemCount: Int)
}

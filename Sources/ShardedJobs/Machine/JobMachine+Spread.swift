/// What a SPREAD leader asks the pool for (`.computeSpread`).
struct SpreadRequest: Sendable, Hashable {
    let itemCount: Int
    /// The eligible instances, in ElasticJob's order.
    let candidates: [JobInstanceID]
    /// The owners as read.
    let owners: [Int: JobInstanceID]
}

extension JobMachine {
    /// Whether the job's items are spread over the namespace's SPREAD pool.
    var isSpread: Bool { configuration.shardingStrategy == .spread }

    /// A SPREAD leader's check: after a change of the eligible instances (or a new leader, a
    /// strategy change) the pool may be unbalanced although every item has a live owner, so it
    /// asks the pool (`.computeSpread`); a resharding follows only when the answer moves an item.
    mutating func checkSpread(_ actions: inout [JobAction]) {
        guard let candidates = view.eligibleInstances else { return }
        rebalanceDue = false
        resharding = .spreading
        actions.append(
            .computeSpread(
                SpreadRequest(
                    itemCount: configuration.shardingTotalCount, candidates: candidates,
                    owners: view.owners.filter { $0.key < configuration.shardingTotalCount })))
    }

    /// The pool answered: the resharding writes that assignment, or nothing moves.
    mutating func spreadComputed(_ assignment: [Int: JobInstanceID]?, _ failure: String?, now: Int64, _ actions: inout [JobAction]) {
        guard resharding == .spreading else { return }
        resharding = .idle
        guard let assignment, isLeader, let session = activeSession else {
            rebalanceDue = true
            if let failure { actions.append(.log(.warning, "SPREAD: could not ask the pool: \(failure)")) }
            if isLeader { scheduleReshardCheck(now: now, &actions) }
            return
        }
        let current = view.owners.filter { $0.key < configuration.shardingTotalCount }
        guard assignment != current || view.reshardingPending || view.owners.count != current.count else { return }
        plannedAssignment = assignment
        actions.append(.log(.info, "SPREAD: moving items \(assignment.keys.filter { assignment[$0] != current[$0] }.sorted())"))
        resharding = .flagging
        actions.append(.flagResharding(sessionID: session))
    }

    /// Notes a change of the eligible instances for a SPREAD or LOAD_AWARE leader's next check.
    mutating func noteEligible(before: [JobInstanceID]?, now: Int64, _ actions: inout [JobAction]) {
        guard isSpread || isLoadAware, isLeader, view.eligibleInstances != before else { return }
        rebalanceDue = true
        scheduleReshardCheck(now: now, &actions)
    }
}

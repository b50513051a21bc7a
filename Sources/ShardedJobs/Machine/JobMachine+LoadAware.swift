extension JobMachine {
    /// Whether the job's items are split by load (`LOAD_AWARE`).
    var isLoadAware: Bool { configuration.shardingStrategy == .loadAware }

    /// Whether this instance reads the processes' load reports: it leads a `LOAD_AWARE` job.
    var readsLoadReports: Bool { isLeader && isLoadAware && activeSession != nil }

    /// A new leader, or a job that just became `LOAD_AWARE`, reads the reports; its judgement
    /// of each process starts afresh.
    mutating func startReadingLoads(_ actions: inout [JobAction]) {
        loadExclusions = [:]
        loadReshardDue = false
        actions.append(.read(.loadReports))
    }

    /// Forgets the leader's judgements (leadership lost, or the job left the strategy).
    mutating func stopJudgingLoads(_ actions: inout [JobAction]) {
        loadExclusions = [:]
        loadReshardDue = false
        cancel(.loadReshard, &actions)
    }

    /// The leader's hysteresis (DESIGN 12.8), after every change of the view: a process is
    /// excluded once both samples of its report are above a limit, and readmitted once both
    /// are below 90 % of both; a process first judged is admitted unless it is over. A change
    /// that moves items is a load resharding, due now or at the end of the minimum interval;
    /// so is an excluded process found owning items (an assignment computed before its
    /// exclusion was judged, landing after it).
    mutating func judgeLoads(now: Int64, _ actions: inout [JobAction]) {
        guard readsLoadReports, let eligible = view.eligibleInstances else { return }
        let limits = configuration.sharded.loadLimits
        let owning = Set(currentOwners.values.map(\.process))
        var judged: [JobInstanceID: Bool] = [:]
        var moved: [String] = []
        var excludedOwner = false
        for process in Set(eligible.map(\.process)).sorted() {
            guard let report = view.loads[process] else { continue }
            let before = loadExclusions[process]
            let excluded = before.map { $0 ? !report.isUnder(limits) : report.isOver(limits) } ?? report.isOver(limits)
            judged[process] = excluded
            if before.map({ $0 != excluded }) ?? (excluded && owning.contains(process)) {
                moved.append("\(process) \(excluded ? "excluded" : "readmitted") (\(report.text))")
            }
            if excluded && owning.contains(process) { excludedOwner = true }
        }
        loadExclusions = judged
        // Every process excluded: the items stay split over all of them.
        let someAdmitted = Set(eligible.map(\.process)).contains { judged[$0] != true }
        guard !moved.isEmpty || (excludedOwner && someAdmitted) else { return }
        if !moved.isEmpty { actions.append(.log(.info, "LOAD_AWARE: \(moved.joined(separator: "; "))")) }
        loadReshardDue = true
        scheduleReshardCheck(now: now, &actions)
    }

    /// A `LOAD_AWARE` leader's check: a change of the eligible instances reshards at once; a
    /// load change only when it moves an item, and at most once per
    /// `sharded.loadAware.minInterval`. Every resharding waits for the running items, so it
    /// lands between fires.
    mutating func reshardForLoad(now: Int64, session: Int64, _ actions: inout [JobAction]) {
        let unowned = view.needsResharding(shardingStrategies)
        let membership = unowned || rebalanceDue
        if !membership {
            guard loadReshardDue else { return }
            let interval = configuration.sharded.loadAwareMinInterval.milliseconds
            if let last = lastLoadReshard, now < last + interval {
                start(.loadReshard, at: last + interval, &actions)
                return
            }
        }
        guard let assignment = loadAwareAssignment else { return }
        rebalanceDue = false
        loadReshardDue = false
        guard unowned || assignment != currentOwners else { return }
        if !membership { lastLoadReshard = now }
        actions.append(.log(.info, "resharding \(membership ? "" : "by load ")over \(view.shardingInstances.map(\.description))"))
        resharding = .flagging
        actions.append(.flagResharding(sessionID: session))
    }

    /// The job's owners below the item count.
    var currentOwners: [Int: JobInstanceID] {
        view.owners.filter { $0.key < configuration.shardingTotalCount }
    }

    /// The assignment by spare capacity over the eligible instances of admitted processes (all
    /// eligible ones when every process is excluded); a process without a report weighs the
    /// mean of the others. Nil while an instance's labels are being read.
    var loadAwareAssignment: [Int: JobInstanceID]? {
        guard let eligible = view.eligibleInstances else { return nil }
        let admitted = eligible.filter { loadExclusions[$0.process] != true }
        let candidates = admitted.isEmpty ? eligible : admitted
        let limits = configuration.sharded.loadLimits
        let spare = candidates.map { view.loads[$0.process].map { limits.spare($0.sample) } }
        let known = spare.compactMap { $0 }
        let neutral = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        return LoadAwareStrategy.assign(
            itemCount: configuration.shardingTotalCount, candidates: candidates, weights: spare.map { $0 ?? neutral },
            owners: currentOwners)
    }
}

import ExecutionChecker

extension ChaosCluster {
    /// Waits for a scheduled fire, at or after `after`, that every item of every job executed
    /// and whose items ran on exactly the workers `over` (each of them ran at least one):
    /// the sign that those workers hold the current assignment.
    ///
    /// - Parameters:
    ///   - workers: The workers the fire must be spread over.
    ///   - after: The earliest fire to consider, epoch milliseconds.
    ///   - timeout: How long to wait.
    /// - Returns: The fire, epoch milliseconds.
    public func waitForSpreadFire(
        over workers: [ChaosWorker], after: Int64 = 0, timeout: Duration = .seconds(60)
    ) async throws -> Int64 {
        let tags = Set(workers.map(\.tag))
        return try await waitForOutput("a fire spread over \(tags.sorted())", timeout: timeout) {
            await self.completeFires(after: after).first { $0.tags == tags }?.fire
        }
    }

    /// Waits for a scheduled fire, at or after `after`, that every item of every job executed
    /// (by any workers, any source): the sign that the cluster recovered.
    ///
    /// - Parameters:
    ///   - after: The earliest fire to consider, epoch milliseconds.
    ///   - timeout: How long to wait.
    /// - Returns: The fire, epoch milliseconds.
    public func waitForCompleteFire(after: Int64, timeout: Duration = .seconds(60)) async throws -> Int64 {
        try await waitForOutput("a complete fire after \(after)", timeout: timeout) {
            await self.completeFires(after: after).first?.fire
        }
    }

    /// The fires at or after `after` whose every item of every job has an `EXEC`, ascending,
    /// each with the tags of the workers that ran them.
    private func completeFires(after: Int64) -> [(fire: Int64, tags: Set<String>)] {
        let jobs = Set(options.jobNames)
        var items: [Int64: Set<String>] = [:]
        var tags: [Int64: Set<String>] = [:]
        for execution in mergedLog().executions where execution.scheduledFire >= after && jobs.contains(execution.job) {
            items[execution.scheduledFire, default: []].insert("\(execution.job)/\(execution.item)")
            tags[execution.scheduledFire, default: []].insert(execution.tag)
        }
        let needed = jobs.count * options.items
        return items.filter { $0.value.count >= needed }.keys.sorted().map { ($0, tags[$0] ?? []) }
    }

    /// Sleeps until `offset` into the next fire of the workers' schedule that is at least
    /// `margin` away, and returns that fire.
    ///
    /// - Parameters:
    ///   - offset: How far into the fire (e.g. half the work time: "in the middle of a run").
    ///   - margin: The least time from now to the fire.
    /// - Returns: The fire, epoch milliseconds.
    public func sleepIntoNextFire(offset: Int64, margin: Int64 = 200) async -> Int64 {
        let fire = ChaosClock.nextBoundary(after: ChaosClock.nowMillis() + margin, periodMillis: options.periodMillis)
        await ChaosClock.sleep(untilMillis: fire + offset)
        return fire
    }
}

extension ChaosCluster {
    /// Waits until `worker` begins an item (`BEGIN`, scheduled run) of a fire after `after`,
    /// and returns that fire: the moment to hit "the middle of a run" whatever the machine's
    /// load.
    ///
    /// - Parameters:
    ///   - worker: The worker.
    ///   - after: Fires at or before this instant do not count, epoch milliseconds.
    ///   - timeout: How long to wait.
    /// - Returns: The fire, epoch milliseconds.
    public func waitForBegin(of worker: ChaosWorker, after: Int64, timeout: Duration = .seconds(15)) async throws -> Int64 {
        try await waitForOutput("\(worker.tag) to begin an item of a fire after \(after)", timeout: timeout) {
            worker.refresh()
            return worker.log.begins.last { $0.scheduledFire > after && $0.source == .normalTrigger }?.scheduledFire
        }
    }
}

extension ChaosCluster {
    /// Lets the run go on until `check(from: start, to: now)` would check at least `minimum`
    /// item-fires that ran: waits (on the workers' output) for the earliest fire by which that
    /// many item-fires from one period after `start` have an `EXEC`, then until that fire is
    /// inside the window (one work time and one period before its end). A loaded machine
    /// takes longer; a cluster that stopped running items fails after `timeout`.
    ///
    /// - Parameters:
    ///   - start: The window's start, as given to `check(from:to:)`.
    ///   - minimum: How many item-fires that ran the window must hold.
    ///   - timeout: How long the item-fires may take to run.
    /// - Returns: The fire that completed the count, epoch milliseconds.
    @discardableResult
    public func waitForCheckedItemFires(from start: Int64, atLeast minimum: Int, timeout: Duration) async throws -> Int64 {
        let fire = try await waitForOutput("\(minimum) item-fires run after \(start)", timeout: timeout) {
            await self.fire(reaching: minimum, from: start + self.options.periodMillis)
        }
        await ChaosClock.sleep(untilMillis: fire + Int64(options.workMillis) + options.periodMillis)
        return fire
    }

    /// The earliest fire at or after `low` by which `minimum` item-fires (of the cluster's
    /// jobs) have an `EXEC`, counting from `low`; nil while fewer ran.
    private func fire(reaching minimum: Int, from low: Int64) -> Int64? {
        let jobs = Set(options.jobNames)
        var ran: [Int64: Set<String>] = [:]
        for execution in mergedLog().executions where execution.scheduledFire >= low && jobs.contains(execution.job) {
            ran[execution.scheduledFire, default: []].insert("\(execution.job)/\(execution.item)")
        }
        var total = 0
        for (fire, items) in ran.sorted(by: { $0.key < $1.key }) {
            total += items.count
            if total >= minimum { return fire }
        }
        return nil
    }
}

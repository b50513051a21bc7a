import Foundation

extension ChaosCluster {
    /// Kills a worker with SIGKILL and records the kill time (the checker's kill window).
    ///
    /// - Parameter worker: The worker.
    /// - Returns: The kill time, epoch milliseconds (taken just before the signal).
    @discardableResult
    public func kill(_ worker: ChaosWorker) async -> Int64 {
        let time = ChaosClock.nowMillis()
        worker.send(SIGKILL)
        append(FaultEvent(kind: .killWorker, target: worker.tag, time: time))
        retire(worker.tag)
        setFrozen(worker.tag, false)
        _ = await worker.waitForExit(timeout: .seconds(10))
        return time
    }

    /// Freezes a worker with SIGSTOP (`ChaosWorker.waitUntilStopped` waits until the kernel
    /// has stopped it).
    ///
    /// - Parameter worker: The worker.
    /// - Returns: The time, epoch milliseconds (just before the signal).
    @discardableResult
    public func freeze(_ worker: ChaosWorker) -> Int64 {
        let time = ChaosClock.nowMillis()
        worker.send(SIGSTOP)
        append(FaultEvent(kind: .freezeWorker, target: worker.tag, time: time))
        setFrozen(worker.tag, true)
        return time
    }

    /// Resumes a frozen worker with SIGCONT.
    ///
    /// - Parameter worker: The worker.
    /// - Returns: The time, epoch milliseconds (just after the signal).
    @discardableResult
    public func resume(_ worker: ChaosWorker) -> Int64 {
        worker.send(SIGCONT)
        let time = ChaosClock.nowMillis()
        append(FaultEvent(kind: .resumeWorker, target: worker.tag, time: time))
        setFrozen(worker.tag, false)
        return time
    }

    /// Stops a worker gracefully (SIGTERM; SIGKILL, recorded as a kill, after `grace`).
    ///
    /// - Parameters:
    ///   - worker: The worker.
    ///   - grace: How long its graceful shutdown may take.
    /// - Returns: Its exit status, or nil when it had to be killed.
    @discardableResult
    public func stop(_ worker: ChaosWorker, grace: Duration = .seconds(30)) async -> Int32? {
        if isFrozen(worker.tag) { resume(worker) }
        append(FaultEvent(kind: .stopWorker, target: worker.tag, time: ChaosClock.nowMillis()))
        worker.send(SIGTERM)
        retire(worker.tag)
        if let status = await worker.waitForExit(timeout: grace) { return status }
        await kill(worker)
        return nil
    }

    /// Replaces every live worker, one after the other: SIGTERM, wait for its exit, start a
    /// new worker (new tag, on the same network lab host if it had one), wait for its
    /// `READY`, then `settle` before the next one.
    ///
    /// - Parameter settle: The pause between two restarts (fires keep coming meanwhile).
    /// - Returns: The new workers.
    public func rollingRestart(settle: Duration) async throws -> [ChaosWorker] {
        var replacements: [ChaosWorker] = []
        for worker in live {
            await stop(worker)
            let replacement = try startWorker(on: host(of: worker))
            try await waitUntilReady([replacement])
            replacements.append(replacement)
            try await Task.sleep(for: settle)
        }
        return replacements
    }

    /// Stops every live worker gracefully (frozen ones are resumed first) and returns the
    /// instant the stop began: the end of the checked window.
    ///
    /// - Parameter grace: How long each graceful shutdown may take.
    /// - Returns: The stop time, epoch milliseconds.
    @discardableResult
    public func stopAll(grace: Duration = .seconds(30)) async -> Int64 {
        let end = ChaosClock.nowMillis()
        let running = live
        for worker in running where isFrozen(worker.tag) { resume(worker) }
        for worker in running { worker.send(SIGTERM) }
        for worker in running {
            append(FaultEvent(kind: .stopWorker, target: worker.tag, time: end))
            retire(worker.tag)
            if await worker.waitForExit(timeout: grace) == nil { await kill(worker) }
        }
        return end
    }
}

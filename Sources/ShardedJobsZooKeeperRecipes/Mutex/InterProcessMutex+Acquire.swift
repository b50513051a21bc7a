import Logging
@_spi(Simulation) import ShardedJobsZooKeeper

extension InterProcessMutex {
    /// Queues for the lock until this participant's node is first, or the deadline passes.
    ///
    /// Each round looks at the queue once (`ContenderQueue.evaluate`): first means acquired,
    /// after confirming the node's `ephemeralOwner` is the current session; otherwise it waits
    /// for the predecessor's watch (or the deadline). A watch that ends with its session
    /// (`sessionEnded`) starts a new round on the next session, where the stale node is deleted
    /// and a new one queues. Retryable errors are retried by the retry policy.
    ///
    /// - Parameter deadline: a reading of the client's clock, or nil for none.
    /// - Returns: the hold, or nil when the deadline passed.
    func attempt(_ queue: inout ContenderQueue, until deadline: Int64?) async throws -> Hold? {
        let clock = client.clientEnvironment.clock
        var failures = 0
        while true {
            try Task.checkCancellation()
            if let deadline, clock.now() >= deadline { return nil }
            do {
                let session = try await client.waitForSession(timeout: deadline.map { .nanoseconds($0 &- clock.now()) })
                switch try await queue.evaluate(in: session) {
                case .first(let own):
                    guard let stat = try await client.exists(own) else { continue }
                    guard stat.ephemeralOwner == session.id else {
                        queue.forgetNode()
                        throw ZooKeeperError(
                            code: .sessionExpired, operation: "confirm lock", path: own,
                            detail: "ephemeralOwner \(hex(stat.ephemeralOwner)) is not \(session.idString)")
                    }
                    return Hold(sessionID: session.id, nodePath: own)
                case .behind(let predecessor, _):
                    let watch: ZooKeeperWatch
                    do {
                        (_, watch) = try await client.watchData(predecessor)
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        continue
                    }
                    guard try await wait(for: watch, until: deadline) else { return nil }
                }
                failures = 0
            } catch let error as ZooKeeperError where error.code.isRetryable {
                failures += 1
                guard let delay = retryPolicy.delay(afterFailedAttempts: failures) else { throw error }
                logger.info("acquiring the lock failed; retrying", metadata: ["zk.error": "\(error)", "zk.delay": "\(delay)"])
                let wake = clock.now() &+ delay.nanoseconds
                try await clock.sleep(until: deadline.map { min($0, wake) } ?? wake)
            }
        }
    }

    /// Waits for the watch's event; false when the deadline passes first.
    private func wait(for watch: ZooKeeperWatch, until deadline: Int64?) async throws -> Bool {
        guard let deadline else {
            _ = try await watch.event()
            return true
        }
        let environment = client.clientEnvironment
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask(executorPreference: environment.taskExecutor) {
                _ = try await watch.event()
                return true
            }
            group.addTask(executorPreference: environment.taskExecutor) {
                try await environment.clock.sleep(until: deadline)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
    }

    /// Deletes this participant's node after a timeout, cancellation or failure; a node that
    /// cannot be deleted goes to the deleter (or ends with its session).
    func cleanUp(_ queue: inout ContenderQueue) async {
        let node = queue.node.map { queue.childPath($0.name) }
        do {
            try await retryPolicy.execute("delete lock node", logger: logger, clock: client.clientEnvironment.clock) {
                try await queue.removeNodes()
            }
        } catch {
            if let deleter, let node {
                logger.warning("could not delete our lock node; deleting it in the background", metadata: ["zk.node": "\(node)"])
                deleter.delete(node)
            } else {
                logger.error(
                    "could not delete our lock node; it ends with the session", metadata: ["zk.error": "\(error)"])
            }
        }
    }
}

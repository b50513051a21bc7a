import Logging
import ShardedJobs
import Synchronization
@_spi(Simulation) import ShardedJobsOperations
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// The operator of a seed: a `ZooKeeperClient` of its own on the twin and the operations API
/// on it (what `shardctl` and the console do), its tasks on an executor of their own.
///
/// Each action is retried every 500 ms (virtual) until it succeeds or has failed 20 times: a
/// server restart or the operator's own reconnect must not turn a planned fault into nothing.
/// What took effect, and when, is read from the twin's commits, not from here.
final class SimulatedOperator: Sendable {
    let executor: SimulationExecutor
    let client: ZooKeeperClient
    let operations: JobOperations
    private let clock: SimulationClock
    private let logger: Logger
    private let sessions = Mutex<Set<Int64>>([])

    init(namespace: String, seed: UInt64, twin: ZooKeeperTwin, loop: SimulationLoop, logger: Logger) {
        var logger = logger
        logger[metadataKey: "tag"] = "operator"
        self.logger = logger
        clock = loop.clock
        executor = loop.makeExecutor(name: "operator")
        client = ZooKeeperClient(
            configuration: .init(connectString: twin.connectString, namespace: namespace, sessionTimeout: .seconds(10)),
            logger: logger, transport: twin.transport(named: "operator"),
            environment: ZooKeeperEnvironment(clock: loop.clock, taskExecutor: executor, random: .seeded(seed)))
        operations = JobOperations(client: client)
        let client = self.client
        let events = client.sessionEvents()
        Task(executorPreference: executor) { [self] in
            for await case .connected(let session) in events { sessions.withLock { _ = $0.insert(session.id) } }
        }
        Task(executorPreference: executor) { try? await client.run() }
    }

    /// Every session the operator had: the twin's commits of these are the operator's (a kill
    /// that completed an unreachable owner's item).
    var sessionIDs: Set<Int64> { sessions.withLock { $0 } }

    /// Performs `action` with retries, in a task of the operator's executor.
    func perform(_ name: String, _ action: @escaping @Sendable (JobOperations) async throws -> Void) {
        let operations = self.operations
        let clock = self.clock
        let logger = self.logger
        Task(executorPreference: executor) {
            _ = await Self.retry(name, action, operations, clock, logger)
        }
    }

    /// Performs `action` with retries, then `undo` with retries at `undoAt` (virtual
    /// milliseconds since the seed began), or at once when `action` took that long: an undo
    /// (an enable) never lands before what it undoes (its disable). Nothing is undone when
    /// `action` gave up.
    func perform(
        _ name: String, _ action: @escaping @Sendable (JobOperations) async throws -> Void,
        undoAt: Int64, _ undoName: String, _ undo: @escaping @Sendable (JobOperations) async throws -> Void
    ) {
        let operations = self.operations
        let clock = self.clock
        let logger = self.logger
        Task(executorPreference: executor) {
            guard await Self.retry(name, action, operations, clock, logger) else { return }
            do { try await clock.sleep(until: undoAt * 1_000_000) } catch { return }
            _ = await Self.retry(undoName, undo, operations, clock, logger)
        }
    }

    /// Resumes `job` whenever it is found paused (`pauseAfterConsecutiveFailures`), looking
    /// every `interval` of virtual time: an operator who fixed the cause and runs `shardctl
    /// enable`.
    func resumeWhenPaused(job: String, every interval: Duration) {
        let operations = self.operations
        let client = self.client
        let clock = self.clock
        let logger = self.logger
        let pause = JobNodePath(jobName: job).pause
        Task(executorPreference: executor) {
            while true {
                do { try await clock.sleep(for: interval) } catch { return }
                do {
                    guard try await client.exists(pause) != nil else { continue }
                } catch {
                    continue  // No connection now: look again next time.
                }
                _ = await Self.retry("enable paused \(job)", { _ = try await $0.enable(job: job) }, operations, clock, logger)
            }
        }
    }

    /// Tries `action` up to 20 times, 500 ms (virtual) apart; returns whether it succeeded.
    private static func retry(
        _ name: String, _ action: @Sendable (JobOperations) async throws -> Void,
        _ operations: JobOperations, _ clock: SimulationClock, _ logger: Logger
    ) async -> Bool {
        for attempt in 1...20 {
            do {
                try await action(operations)
                return true
            } catch {
                logger.debug("operator: \(name) failed (attempt \(attempt)): \(error)")
                do { try await clock.sleep(for: .milliseconds(500)) } catch { return false }
            }
        }
        logger.warning("operator: \(name) gave up")
        return false
    }
}

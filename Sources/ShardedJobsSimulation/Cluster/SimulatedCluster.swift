import Logging
@_spi(Simulation) import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// A seed's cluster: the twin on its executor, the workers (each a real scheduler and client),
/// the operator, the job's store and the workers' lines.
///
/// Workers live in *slots*: a slot is a host (its IP, so server-level faults find it again); a
/// killed or replaced worker's slot gets a new process (a new tag and pid). A resharding storm
/// adds slots of its own.
final class SimulatedCluster {
    /// A worker and what it is doing now.
    final class Member {
        let worker: SimulatedWorker
        let slot: Int
        /// Running normally (not frozen, not killed, not shutting down).
        var isRunning = true
        var isFrozen = false

        init(worker: SimulatedWorker, slot: Int) {
            self.worker = worker
            self.slot = slot
        }
    }

    static let namespace = "sim"

    let plan: SeedPlan
    let loop: SimulationLoop
    let twin: ZooKeeperTwin
    let operatorClient: SimulatedOperator
    let log = ExecutionLog()
    let store = FencedStore()
    let history = NodeHistory(namespace: namespace)
    private let logger: Logger
    private let twinExecutor: SimulationExecutor
    private(set) var members: [Member] = []
    private var workersStarted = 0

    init(plan: SeedPlan, loop: SimulationLoop, logger: Logger) {
        self.plan = plan
        self.loop = loop
        self.logger = logger
        twinExecutor = loop.makeExecutor(name: "twin")
        twin = ZooKeeperTwin(
            configuration: TwinConfiguration(
                members: 3, latency: .nanoseconds(plan.roundTripNanos / 2), seed: plan.seed,
                epochMillis: SeedPlan.epochMillis),
            clock: loop.clock, taskExecutor: twinExecutor)
        let history = self.history
        twin.observeCommits { history.record($0) }
        let twin = self.twin
        Task(executorPreference: twinExecutor) { try? await twin.run() }
        operatorClient = SimulatedOperator(
            namespace: Self.namespace, seed: plan.seed &+ 0x6F70, twin: twin, loop: loop, logger: logger)
        for slot in 1...plan.workers { startWorker(slot: slot) }
    }

    /// Starts a new process in `slot`: a new tag and pid, the slot's IP.
    @discardableResult
    func startWorker(slot: Int) -> Member {
        workersStarted += 1
        let number = workersStarted
        let worker = SimulatedWorker(
            tag: "w\(number)", ip: "10.0.0.\(slot)", pid: 1000 + number, seed: plan.seed &+ UInt64(number) &* 0x9E37,
            namespace: Self.namespace, sessionTimeout: .milliseconds(plan.sessionTimeoutMillis), twin: twin, loop: loop,
            logger: logger)
        for job in plan.jobs {
            let body = SimulationJob(tag: worker.tag, workMillis: job.workMillis, clock: loop.clock, store: store, log: log)
            worker.register(body, configuration: Self.configuration(of: job, failover: plan.failover))
        }
        worker.start()
        let member = Member(worker: worker, slot: slot)
        members.append(member)
        return member
    }

    /// The configuration a worker registers its job with (ZooKeeper's copy wins once written).
    static func configuration(of job: SeedPlan.Job, failover: Bool) -> JobConfiguration {
        do {
            var configuration = JobConfiguration(
                name: job.name, schedule: try .cron(cron(period: job.periodSeconds), timeZone: "UTC"),
                shardingTotalCount: job.items)
            configuration.failover = failover
            configuration.misfire = true
            configuration.monitorExecution = true
            return configuration
        } catch {
            fatalError("the simulator's cron does not parse: \(error)")
        }
    }

    /// The cron of a period of `seconds` (a divisor of 60: fires every `seconds` from second 0).
    static func cron(period seconds: Int) -> String {
        "0/\(seconds) * * * * ?"
    }

    /// The members running normally, in start order.
    var running: [Member] { members.filter(\.isRunning) }

    /// Kills a member's process.
    func kill(_ member: Member) {
        member.isRunning = false
        member.worker.kill()
    }

    /// Shuts a member's process down gracefully.
    func shutdown(_ member: Member) {
        member.isRunning = false
        member.worker.shutdown()
    }

    /// Ends the seed: every executor stops (nothing runs any more).
    func stopAll() {
        for member in members { loop.kill(member.worker.executor) }
        loop.kill(operatorClient.executor)
        loop.kill(twinExecutor)
    }
}

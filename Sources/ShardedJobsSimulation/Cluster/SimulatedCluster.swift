import Foundation
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
    /// The instance nodes an operator deleted (an operator's shutdown), with the worker's tag
    /// and the time of the request (ms after the seed's start).
    private(set) var operatorShutdowns: [(job: String, instance: String, tag: String, at: Int64)] = []
    private var workersStarted = 0
    /// Delays on the links of every worker but one, workers started meanwhile too (the
    /// `expiry-race` fault's slow claimers), by id: what each slowed, to end it.
    private var congestions: [Int: (delay: Duration, slowed: [String])] = [:]
    private var congestionsStarted = 0
    /// Every link delay set, per worker tag: when (epoch ms) and how long (ms), in order.
    private(set) var linkDelays: [String: [(at: Int64, millis: Int64)]] = [:]

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
        for job in plan.jobs where job.pauseAfter != nil { operatorClient.resumeWhenPaused(job: job.name, every: .seconds(5)) }
    }

    /// Starts a new process in `slot`: a new tag and pid, the slot's IP.
    @discardableResult
    func startWorker(slot: Int) -> Member {
        workersStarted += 1
        let number = workersStarted
        let worker = SimulatedWorker(
            tag: "w\(number)", ip: "10.0.0.\(slot)", pid: 1000 + number, seed: plan.seed &+ UInt64(number) &* 0x9E37,
            namespace: Self.namespace, sessionTimeout: .milliseconds(plan.sessionTimeoutMillis),
            drainOnShutdown: plan.drainOnShutdown, twin: twin, loop: loop, log: log, logger: logger)
        for job in plan.jobs {
            let body = SimulationJob(
                tag: worker.tag, workMillis: job.workMillis, varies: job.timeoutMillis != nil, fails: job.pauseAfter != nil,
                retries: job.retryAttempts != nil, clock: loop.clock, store: store, log: log)
            worker.register(body, configuration: Self.configuration(of: job, failover: plan.failover))
        }
        for id in congestions.keys.sorted() {
            congestions[id]?.slowed.append(worker.tag)
            if let delay = congestions[id]?.delay { slow(worker.tag, by: delay) }
        }
        worker.start()
        let member = Member(worker: worker, slot: slot)
        members.append(member)
        return member
    }

    /// The configuration a worker registers its job with (ZooKeeper's copy wins once written).
    static func configuration(of job: SeedPlan.Job, failover: Bool) -> JobConfiguration {
        do {
            let schedule: JobSchedule =
                job.fixedRate ? try .fixedRate(.seconds(job.periodSeconds)) : try .cron(cron(period: job.periodSeconds), timeZone: "UTC")
            var configuration = JobConfiguration(name: job.name, schedule: schedule, shardingTotalCount: job.items)
            configuration.failover = failover
            configuration.misfire = true
            configuration.monitorExecution = true
            configuration.sharded.timeout = job.timeoutMillis.map { .milliseconds($0) }
            configuration.sharded.startJitter = job.startJitterMillis.map { .milliseconds($0) }
            configuration.sharded.pauseAfterConsecutiveFailures = job.pauseAfter
            configuration.sharded.catchUpWindow = job.catchUpWindowMillis.map { .milliseconds($0) }
            configuration.sharded.overlapPolicy = job.overlapPolicy
            configuration.sharded.retryMaxAttempts = job.retryAttempts ?? 1
            configuration.shardingStrategy = job.spread ? .spread : job.loadAware ? .loadAware : nil
            // Load reshardings as often as the sampled loads allow them.
            if job.loadAware { configuration.sharded.loadAwareMinInterval = .seconds(5) }
            configuration.sharded.activeFrom = job.activeFromMillis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            configuration.sharded.activeUntil = job.activeUntilMillis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            return configuration
        } catch {
            fatalError("the simulator's cron does not parse: \(error)")
        }
    }

    /// The cron of a period of `seconds` (a divisor of 60: fires every `seconds` from second 0).
    static func cron(period seconds: Int) -> String {
        "0/\(seconds) * * * * ?"
    }

    /// Slows the links of every live worker but `spared` by `delay(member)` either way, and of
    /// workers started meanwhile by `delay` of none, until `endCongestion(_:)` with the id
    /// returned.
    func congest(sparing spared: String, _ delay: (Member?) -> Duration) -> Int {
        var slowed: [String] = []
        for member in members where (member.isRunning || member.isFrozen) && member.worker.tag != spared {
            slow(member.worker.tag, by: delay(member))
            slowed.append(member.worker.tag)
        }
        congestionsStarted += 1
        congestions[congestionsStarted] = (delay(nil), slowed)
        return congestionsStarted
    }

    /// Ends a congestion: the links it slowed are fast again.
    func endCongestion(_ id: Int) {
        for tag in congestions.removeValue(forKey: id)?.slowed ?? [] { slow(tag, by: .zero) }
    }

    /// Delays every packet of a worker's link by `delay` either way (`.zero` ends it), and
    /// records it for the checker (a completion takes that much longer to be recorded).
    func slow(_ tag: String, by delay: Duration) {
        twin.slow(tag, by: delay)
        let (seconds, attoseconds) = delay.components
        linkDelays[tag, default: []].append((loop.clock.nowMillis(), seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
    }

    /// The members running normally, in start order.
    var running: [Member] { members.filter(\.isRunning) }

    /// Kills a member's process.
    func kill(_ member: Member) {
        member.isRunning = false
        member.worker.kill()
    }

    /// Records an operator's shutdown of `member`'s instance of `job` at `at` (ms after the
    /// seed's start): its instance node's deletion is a kill for the checker.
    func recordOperatorShutdown(job: String, of member: Member, at: Int64) {
        operatorShutdowns.append((job: job, instance: member.worker.instanceID, tag: member.worker.tag, at: at))
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

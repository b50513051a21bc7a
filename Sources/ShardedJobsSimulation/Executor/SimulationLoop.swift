import Synchronization

/// The single-threaded scheduler of one seed (DESIGN 12.2): every job of every executor of the
/// seed enters one ready queue and is run, on the seed's thread, in an order drawn from the
/// seed; virtual time advances only when nothing is runnable.
///
/// An executor can be frozen (its jobs are held, in order, while time runs: a stopped process)
/// and killed (its jobs, queued and future, are dropped: a dead process).
final class SimulationLoop: Sendable {
    /// What an executor's jobs do now.
    public enum ExecutorState: Sendable, Equatable {
        case running
        case frozen
        case killed
    }

    private struct Entry {
        let executor: SimulationExecutor
        let job: UnownedJob
    }

    private struct State {
        var ready: [Entry] = []
        var states: [Int: ExecutorState] = [:]
        var held: [Int: [Entry]] = [:]
        var random: SeedRandom
        var nextExecutor = 0
        var jobsRun = 0
        var jobsDropped = 0
    }

    private let state: Mutex<State>
    /// The seed's clock.
    public let clock: SimulationClock

    /// A loop whose order of jobs is drawn from `seed`, on `clock`.
    public init(seed: UInt64, clock: SimulationClock) {
        self.clock = clock
        state = Mutex(State(random: SeedRandom(seed: seed, stream: 1)))
    }

    /// A new executor (a worker's, the twin's, the operator's) whose jobs join the queue.
    public func makeExecutor(name: String) -> SimulationExecutor {
        let id = state.withLock { state in
            defer { state.nextExecutor += 1 }
            state.states[state.nextExecutor] = .running
            return state.nextExecutor
        }
        return SimulationExecutor(id: id, name: name, loop: self)
    }

    func enqueue(_ job: UnownedJob, on executor: SimulationExecutor) {
        state.withLock { state in
            switch state.states[executor.id] ?? .killed {
            case .running: state.ready.append(Entry(executor: executor, job: job))
            case .frozen: state.held[executor.id, default: []].append(Entry(executor: executor, job: job))
            case .killed: state.jobsDropped += 1
            }
        }
    }

    /// Holds an executor's jobs (queued and future) until `thaw`.
    public func freeze(_ executor: SimulationExecutor) {
        state.withLock { state in
            guard state.states[executor.id] == .running else { return }
            state.states[executor.id] = .frozen
            let mine = state.ready.filter { $0.executor.id == executor.id }
            state.ready.removeAll { $0.executor.id == executor.id }
            state.held[executor.id, default: []].append(contentsOf: mine)
        }
    }

    /// Makes a frozen executor's held jobs runnable again.
    public func thaw(_ executor: SimulationExecutor) {
        state.withLock { state in
            guard state.states[executor.id] == .frozen else { return }
            state.states[executor.id] = .running
            state.ready.append(contentsOf: state.held.removeValue(forKey: executor.id) ?? [])
        }
    }

    /// Drops an executor's jobs, queued and future: its tasks never run again.
    public func kill(_ executor: SimulationExecutor) {
        state.withLock { state in
            state.states[executor.id] = .killed
            let before = state.ready.count
            state.ready.removeAll { $0.executor.id == executor.id }
            state.jobsDropped += before - state.ready.count + (state.held.removeValue(forKey: executor.id)?.count ?? 0)
        }
    }

    /// The state of an executor.
    public func state(of executor: SimulationExecutor) -> ExecutorState {
        state.withLock { $0.states[executor.id] ?? .killed }
    }

    /// Runs one runnable job, drawn from the seed; false when none is runnable.
    public func runOne() -> Bool {
        let entry: Entry? = state.withLock { state in
            guard !state.ready.isEmpty else { return nil }
            let index = state.random.int(0...(state.ready.count - 1))
            state.ready.swapAt(index, state.ready.count - 1)
            state.jobsRun += 1
            return state.ready.removeLast()
        }
        guard let entry else { return false }
        entry.job.runSynchronously(on: entry.executor.asUnownedTaskExecutor())
        return true
    }

    /// Runs jobs until none is runnable.
    public func runUntilIdle() {
        while runOne() {}
    }

    /// Runs until virtual time reaches `limit`: jobs while any is runnable, then the clock
    /// moves to the next sleeper's deadline (or to `limit`).
    public func run(until limit: Int64) {
        while true {
            runUntilIdle()
            let next = clock.nextDeadline ?? limit
            if next > limit {
                clock.advance(to: limit)
                runUntilIdle()
                return
            }
            clock.advance(to: next)
        }
    }

    /// How many jobs ran and how many were dropped (killed executors).
    public var counts: (run: Int, dropped: Int) {
        state.withLock { ($0.jobsRun, $0.jobsDropped) }
    }
}

/// One executor of a seed (a worker, the twin, the operator): a `TaskExecutor` whose jobs
/// enter the seed's ready queue. Every task of a worker's scheduler and client prefers it.
final class SimulationExecutor: TaskExecutor {
    /// Its number in the seed.
    public let id: Int
    /// Its name (a worker's tag).
    public let name: String
    private let loop: SimulationLoop

    init(id: Int, name: String, loop: SimulationLoop) {
        self.id = id
        self.name = name
        self.loop = loop
    }

    /// Hands the job to the seed's ready queue.
    public func enqueue(_ job: consuming ExecutorJob) {
        loop.enqueue(UnownedJob(job), on: self)
    }
}

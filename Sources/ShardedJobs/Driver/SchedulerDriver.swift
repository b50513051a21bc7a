/// The thin driver of the `SchedulerMachine`: it sleeps until the earliest next fire on the
/// injected clock, hands fires and session changes to the jobs' drivers, and grants permits
/// to run items. Its methods are the machine's only way in; each performs the actions the
/// machine returns.
actor SchedulerDriver: ItemPermitSource {
    private var machine: SchedulerMachine
    private let environment: SchedulerEnvironment
    private var jobs: [String: JobDriver] = [:]
    private var permitWaiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    private var nextRequest = 0
    private var sleeper: Task<Void, Never>?

    /// A driver whose items may run `capacity` at once in the whole process.
    init(capacity: Int, environment: SchedulerEnvironment) {
        machine = SchedulerMachine(capacity: capacity)
        self.environment = environment
    }

    /// Hands an event to the machine and performs its actions.
    private func handle(_ event: SchedulerEvent) {
        for action in machine.handle(event, now: environment.clock.nowMillis()) {
            switch action {
            case .fire(let fire, let key): jobs[key]?.send(.fire(fire))
            case .forward(let event, let key): jobs[key]?.send(event)
            case .grant(let request): permitWaiters.removeValue(forKey: request)?.resume(returning: true)
            case .sleep(let instant): sleep(until: instant)
            }
        }
    }

    private func sleep(until instant: Int64) {
        sleeper?.cancel()
        let clock = environment.clock
        sleeper = environment.spawner.spawn { [weak self] in
            do {
                try await clock.sleep(untilMillis: instant)
            } catch {
                return
            }
            await self?.handle(.wake)
        }
    }

    /// A job's driver joins: it gets the session's present state, then every change and its fires.
    func add(_ driver: JobDriver, key: String) {
        jobs[key] = driver
        handle(.jobStarted(key: key))
    }

    /// A job's driver ended.
    func remove(key: String) {
        jobs.removeValue(forKey: key)
        handle(.unschedule(key: key))
        handle(.jobEnded(key: key))
    }

    /// Puts a job on the timeline with its calendar (again after a change).
    func schedule(_ key: String, calendar: JobCalendar) {
        handle(.schedule(key: key, calendar))
    }

    /// Takes a job off the timeline.
    func unschedule(_ key: String) {
        handle(.unschedule(key: key))
    }

    /// The client's session changed.
    func sessionChanged(_ event: JobEvent) {
        handle(.session(event))
    }

    /// How many items run in the process now (the load report's `running`).
    func runningItems() -> Int {
        machine.permits.running.count
    }

    /// Stops the timeline's sleep (the scheduler is stopping).
    func stop() {
        sleeper?.cancel()
        sleeper = nil
    }

    /// Runs `body` holding a permit of the group (at most `limit` at once in it, at most the
    /// capacity in the process); throws `CancellationError` if cancelled while waiting.
    func withPermit<Value: Sendable>(
        group: String, limit: Int, _ body: @Sendable () async throws -> Value
    ) async throws -> Value {
        let request = nextRequest
        nextRequest += 1
        let granted = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                permitWaiters[request] = continuation
                handle(.acquire(request: request, group: group, limit: limit))
            }
        } onCancel: {
            environment.spawner.spawn { await self.withdraw(request) }
        }
        guard granted else { throw CancellationError() }
        defer { handle(.release(request: request)) }
        return try await body()
    }

    private func withdraw(_ request: Int) {
        guard let waiter = permitWaiters.removeValue(forKey: request) else { return }
        handle(.release(request: request))
        waiter.resume(returning: false)
    }
}

/// Where running items get their permits.
protocol ItemPermitSource: Sendable {
    /// Runs `body` holding a permit of the group (at most `limit` at once in it).
    func withPermit<Value: Sendable>(group: String, limit: Int, _ body: @Sendable () async throws -> Value) async throws
        -> Value
}

import Foundation
import Logging
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Runs `body` with a twin on a manual clock, its driver running; stops it afterwards.
@_spi(Simulation)
public func withTwin<Result: Sendable>(
    _ configuration: TwinConfiguration = .init(), clock: any MonotonicClock = ManualClock(),
    _ body: @escaping @Sendable (ZooKeeperTwin) async throws -> Result
) async throws -> Result {
    let twin = ZooKeeperTwin(configuration: configuration, clock: clock)
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            try await twin.run()
            return nil
        }
        defer { group.cancelAll() }
        let result = try await body(twin)
        group.cancelAll()
        while let next = try await group.next() { _ = next }
        return result
    }
}

@_spi(Simulation)
extension ZooKeeperTwin {
    /// The twin's manual clock (every twin of these tests has one).
    public var manualClock: ManualClock {
        get throws {
            guard let clock = clock as? ManualClock else { throw TimedOut(what: "a twin on a manual clock", after: .zero) }
            return clock
        }
    }

    /// A client of the twin named `name` (the name its faults address), on the twin's clock.
    public func client(
        _ name: String, namespace: String? = nil, sessionTimeout: Duration = .seconds(4), digest: String? = nil,
        logger: Logger? = nil
    ) -> ZooKeeperClient {
        ZooKeeperClient(
            configuration: .init(
                connectString: connectString, namespace: namespace, sessionTimeout: sessionTimeout, digestCredentials: digest),
            logger: logger ?? twinClientLogger, transport: transport(named: name), environment: ZooKeeperEnvironment(clock: clock))
    }
}

/// Runs `body` with clients running as services; each has a session before `body` starts
/// (within `setup` of real time). Stops them (closing their sessions) afterwards.
///
/// With a twin whose network has latency, pass its clock as `advancing`: it is moved forward
/// a millisecond at a time until every client has its session.
@_spi(Simulation)
public func withRunning<Result: Sendable>(
    _ clients: [ZooKeeperClient], setup: Duration = .seconds(20), advancing clock: ManualClock? = nil,
    _ body: @escaping @Sendable ([ZooKeeperClient]) async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        for client in clients {
            group.addTask {
                try await client.run()
                return nil
            }
        }
        defer { group.cancelAll() }
        let stepper = clock.map { clock in
            Task {
                while !Task.isCancelled {
                    clock.advance(by: .milliseconds(1))
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
        }
        for client in clients {
            _ = try await within(setup, "a session for \(client.configuration.connectString)") {
                try await client.waitForSession(timeout: .seconds(3600))
            }
        }
        stepper?.cancel()
        await stepper?.value
        let result = try await body(clients)
        group.cancelAll()
        while let next = try await group.next() { _ = next }
        return result
    }
}

@_spi(Simulation)
extension ManualClock {
    /// Advances the clock by `duration` in steps, pausing briefly (real time) after each so
    /// that the clients' and the twin's tasks run: heartbeats keep healthy leases alive, as
    /// they would while real time passes.
    public func step(by duration: Duration, step: Duration = .milliseconds(100)) async throws {
        let end = now() + duration.nanoseconds
        while now() < end {
            advance(to: min(end, now() + step.nanoseconds))
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs `body` while the clock moves forward about as fast as real time (a millisecond
    /// per millisecond), so that retry timers and heartbeats on it come due.
    public func running<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        let ticker = Task {
            while !Task.isCancelled {
                self.advance(by: .milliseconds(1))
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        defer { ticker.cancel() }
        return try await body()
    }
}

@_spi(Simulation)
extension ZooKeeperTwin {
    /// Waits (real time) until a client has `count` requests in flight. Polled: the twin
    /// announces no request.
    public func waitForOutstanding(_ count: Int, of client: String) async throws {
        try await poll("\(count) requests of \(client) in flight", within: .seconds(5), every: .milliseconds(1)) {
            self.outstandingRequests(of: client) >= count
        }
    }
}

/// The default logger of twin clients: quiet unless `ZK_TEST_LOG` names a level.
private let twinClientLogger: Logger = {
    var logger = Logger(label: "twin-client")
    logger.logLevel = ProcessInfo.processInfo.environment["ZK_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}()

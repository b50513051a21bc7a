import Logging
import ServiceLifecycle

extension ZooKeeperClient {
    /// Why one connection's life ended.
    enum SessionOutcome {
        case lost(SessionEvent.LossReason)
        /// A problem no new session will fix (access to the namespace refused): `run()` throws it.
        case failed(ZooKeeperError)
        case stopped
    }

    /// How the client retries opening a connection when the transport cannot open one (a host
    /// that does not resolve yet): from 250 ms, doubling up to 5 s, for as long as it lasts.
    static let connectRetry = ExponentialBackoffRetry(base: .milliseconds(250), cap: .seconds(5), maxAttempts: .max)

    /// Opens sessions, one after another, until cancelled or gracefully shut down.
    ///
    /// While no session can be had — a host that does not resolve, nothing listening, a
    /// namespace that cannot be created — the client keeps trying with backoff and logs the
    /// address and the cause at `error` within `connectionTimeout` (at most 10 s) and then at
    /// most every 30 s. Throws when the configuration is invalid, when `run()` is called twice,
    /// when the server rejects the credentials (`authFailed`), and when it refuses access to
    /// the namespace (`noAuth`).
    public func run() async throws {
        try configuration.validate()
        try state.withLock { state in
            guard state.phase == .idle else {
                throw ZooKeeperError(code: .badArguments, operation: "run", detail: "the client runs only once")
            }
            state.phase = .connecting
        }
        defer { finishClosing() }
        var generation = 0
        var openFailures = 0
        while !Task.isCancelledOrShuttingDownGracefully {
            generation += 1
            let connection: ClientSession
            do {
                connection = try await ClientSession.open(
                    transport: transport, options: transportOptions(chroot: configuration.chroot), generation: generation,
                    lease: lease)
            } catch {
                openFailures += 1
                reportProblem("cannot connect to ZooKeeper at \(configuration.connectString): \(Self.cause(of: error)); retrying")
                let delay = Self.connectRetry.delay(afterFailedAttempts: openFailures) ?? Self.connectRetry.cap
                let clock = environment.clock
                await environment.cancellingAtGracefulShutdown { try? await clock.sleep(for: delay) }
                continue
            }
            openFailures = 0
            let outcome = await environment.cancellingAtGracefulShutdown { await self.drive(connection) }
            let ended = state.withLock { state -> ZooKeeperSession? in
                let ended = state.active?.connection === connection ? state.active?.session : nil
                if let ended { state.earlierSessionIDs.append(ended.id) }
                state.active = nil
                state.phase = .connecting
                return ended
            }
            lease.invalidate(generation: generation)
            if case .lost(let reason) = outcome {
                logger.warning(
                    "ZooKeeper session lost; opening a new one",
                    metadata: ["zk.session": "\(ended?.idString ?? "none")", "zk.reason": "\(reason)"])
                if ended != nil { broadcaster.publish(.lost(reason)) }
            }
            await connection.close()
            switch outcome {
            case .lost(.authenticationFailed):
                let error = ZooKeeperError(
                    code: .authFailed, operation: "connect",
                    detail: "ZooKeeper at \(configuration.connectString) rejected the credentials (AUTH_FAILED)")
                logger.error("\(error)")
                throw error
            case .failed(let error):
                logger.error("\(error)")
                throw error
            default:
                break
            }
        }
    }

    private func finishClosing() {
        let waiters = state.withLock { state in
            state.phase = .closed
            state.active = nil
            return state.takeWaiters()
        }
        broadcaster.finish()
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: ZooKeeperError(code: .clientClosed, operation: "waitForSession"))
        }
    }

    /// Logs a connection problem (at `error` at most every 30 s while it lasts).
    func reportProblem(_ message: String) {
        let now = environment.clock.now()
        problems.withLock { $0.report(message, now: now, logger: logger) }
    }

    /// An error's cause for a log line: a `ZooKeeperError`'s detail, or its code.
    static func cause(of error: any Error) -> String {
        guard let error = error as? ZooKeeperError else { return "\(error)" }
        return error.detail ?? "\(error.code)"
    }

    /// Runs one connection's life: establishes its session, publishes its changes, sends
    /// heartbeats, watches the lease and reports a server it cannot reach, until the session
    /// is lost or the task is cancelled.
    private func drive(_ connection: ClientSession) async -> SessionOutcome {
        await withTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: environment.taskExecutor) { await self.tick(connection) }
            defer { group.cancelAll() }
            let clock = environment.clock
            let firstReport = min(configuration.connectionTimeout, .seconds(10)).nanoseconds
            var unreachableSince = clock.now()
            var session: ZooKeeperSession?
            var established = false
            var connected = false
            var setupFailures = 0
            var retrySetupAt: Int64?
            for await signal in connection.signals {
                switch signal {
                case .connected(let granted):
                    connected = true
                    session = granted
                    if established {
                        setPhase(.connected)
                        broadcaster.publish(.reconnected)
                        sendHeartbeat(on: connection)
                        continue
                    }
                    retrySetupAt = clock.now()
                case .connecting:
                    guard connected else { continue }
                    connected = false
                    unreachableSince = clock.now()
                    if established {
                        setPhase(.suspended)
                        broadcaster.publish(.suspended)
                    }
                    continue
                case .expired:
                    return .lost(.expired)
                case .authFailed:
                    return .lost(.authenticationFailed)
                case .tick:
                    if established {
                        if lease.deadlineNanos <= lease.now() { return .lost(.leaseExpired) }
                        if connected, lease.now() - lease.lastProvingSendNanos >= currentHeartbeatNanos {
                            sendHeartbeat(on: connection)
                        }
                        continue
                    }
                    if !connected, clock.now() - unreachableSince >= firstReport {
                        let cause = connection.connectionProblem ?? "no server answered"
                        let seconds = clock.elapsed(since: unreachableSince).components.seconds
                        reportProblem(
                            "cannot reach ZooKeeper at \(configuration.connectString) for \(seconds) s: \(cause); still trying")
                    }
                }
                // Not established yet: set the session up when connected and a retry is due.
                guard connected, let session, let due = retrySetupAt, clock.now() >= due else { continue }
                switch await establish(session, on: connection) {
                case .established:
                    established = true
                    retrySetupAt = nil
                case .retry(let cause):
                    setupFailures += 1
                    reportProblem(cause)
                    let delay = Self.connectRetry.delay(afterFailedAttempts: setupFailures) ?? Self.connectRetry.cap
                    retrySetupAt = clock.now() &+ delay.nanoseconds
                case .failed(let error):
                    return .failed(error)
                }
            }
            return .stopped
        }
    }

    private func setPhase(_ phase: ClientState.Phase) {
        state.withLock { $0.phase = phase }
    }

    /// Posts a tick whenever the lease deadline or the next heartbeat comes due, and at least
    /// every 100 ms (so that a heartbeat demand that begins meanwhile is served at once; retries
    /// and the unreachable-server report too).
    private func tick(_ connection: ClientSession) async {
        let clock = environment.clock
        while !Task.isCancelled {
            let now = clock.now()
            var next = now + Self.demandedHeartbeatInterval.nanoseconds
            let deadline = lease.deadlineNanos
            if deadline != 0 { next = min(next, deadline) }
            next = min(next, lease.lastProvingSendNanos + currentHeartbeatNanos)
            do {
                try await clock.sleep(until: max(next, now + 1_000_000))
            } catch {
                return
            }
            connection.post(.tick)
        }
    }
}

extension Task where Success == Never, Failure == Never {
    static var isCancelledOrShuttingDownGracefully: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }
}

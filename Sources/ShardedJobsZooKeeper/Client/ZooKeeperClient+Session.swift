import CShardedJobsZooKeeper
import Logging
import ServiceLifecycle

extension ZooKeeperClient {
    /// Why one session's life ended.
    enum SessionOutcome {
        case lost(SessionEvent.LossReason)
        case stopped
    }

    /// Opens sessions, one after another, until cancelled or gracefully shut down.
    ///
    /// Throws when the configuration is invalid, when `run()` is called twice, and when the
    /// server rejects the credentials.
    public func run() async throws {
        try configuration.validate()
        try state.withLock { state in
            guard state.phase == .idle else {
                throw ZooKeeperError(code: .badArguments, operation: "run", detail: "the client runs only once")
            }
            state.phase = .connecting
        }
        CLogBridge.install(logger)
        defer { finishClosing() }
        var generation = 0
        while !Task.isCancelledOrShuttingDownGracefully {
            generation += 1
            let handle = try await SessionHandle.open(
                generation: generation, hosts: configuration.hostString,
                sessionTimeout: configuration.sessionTimeout, lease: lease,
                digest: configuration.digestCredentials)
            let outcome = await cancelWhenGracefulShutdown { await self.drive(handle) }
            let ended = state.withLock { state -> ZooKeeperSession? in
                let ended = state.active?.handle === handle ? state.active?.session : nil
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
            await handle.close()
            if case .lost(.authenticationFailed) = outcome {
                throw ZooKeeperError(
                    code: .authFailed, operation: "connect",
                    detail: "the server rejected the digest credentials for \(configuration.connectString)")
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
            waiter.resume(throwing: ZooKeeperError(code: .clientClosed, operation: "waitForSession"))
        }
    }

    /// Runs one handle's life: establishes its session, publishes its changes, sends
    /// heartbeats and watches the lease, until the session is lost or the task is cancelled.
    private func drive(_ handle: SessionHandle) async -> SessionOutcome {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tick(handle) }
            defer { group.cancelAll() }
            let openedAt = ContinuousClock.now
            var warnedUnreachable = false
            var established = false
            var connected = false
            for await event in handle.events {
                switch event {
                case .connected(let session):
                    connected = true
                    if established {
                        setPhase(.connected)
                        broadcaster.publish(.reconnected)
                        sendHeartbeat(on: handle)
                    } else if await establish(session, on: handle) {
                        established = true
                    }
                case .connecting:
                    guard connected else { continue }
                    connected = false
                    if established {
                        setPhase(.suspended)
                        broadcaster.publish(.suspended)
                    }
                case .expired:
                    return .lost(.expired)
                case .authFailed:
                    return .lost(.authenticationFailed)
                case .tick:
                    if established {
                        if lease.deadlineNanos <= SessionLease.now() { return .lost(.leaseExpired) }
                        if connected, SessionLease.now() - lease.lastProvingSendNanos >= currentHeartbeatNanos {
                            sendHeartbeat(on: handle)
                        }
                    } else if !warnedUnreachable, ContinuousClock.now - openedAt > configuration.connectionTimeout {
                        warnedUnreachable = true
                        logger.error(
                            "cannot reach ZooKeeper at \(configuration.connectString) within \(configuration.connectionTimeout); still trying")
                    }
                }
            }
            return .stopped
        }
    }

    /// Proves a new session with a first `sync` (answered through the leader, it starts the
    /// lease), creates the namespace when it is missing, then makes the session the active one.
    private func establish(_ session: ZooKeeperSession, on handle: SessionHandle) async -> Bool {
        let sentAt = lease.recordSend(.leader)
        do {
            try await sync("/", on: handle)
            let validity = session.negotiatedTimeout * (1 - configuration.leaseMarginFraction)
            lease.begin(
                generation: handle.generation, sessionID: session.id, validity: validity,
                acknowledgedSendAt: sentAt)
            heartbeatNanos.store(Self.heartbeatInterval(for: session.negotiatedTimeout).nanoseconds, ordering: .relaxed)
            let root: NodeStat? = try await exists("/", on: handle)
            if root == nil, let chroot = configuration.chroot {
                try await createNamespace(chroot)
            }
        } catch {
            logger.debug("establishing session \(session.idString) failed: \(error)")
            return false
        }
        let waiters = state.withLock { state in
            state.active = ActiveSession(handle: handle, session: session)
            state.phase = .connected
            return state.takeWaiters()
        }
        logger.info(
            "ZooKeeper session established",
            metadata: [
                "zk.session": "\(session.idString)",
                "zk.timeout": "\(session.negotiatedTimeout)",
            ])
        broadcaster.publish(.connected(session))
        for waiter in waiters { waiter.resume(returning: ActiveSession(handle: handle, session: session)) }
        return true
    }

    private func setPhase(_ phase: ClientState.Phase) {
        state.withLock { $0.phase = phase }
    }

    /// Posts a tick whenever the lease deadline or the next heartbeat comes due, and at least
    /// every 100 ms (so that a heartbeat demand that begins meanwhile is served at once; the
    /// unreachable-server warning too).
    private func tick(_ handle: SessionHandle) async {
        while !Task.isCancelled {
            let now = SessionLease.now()
            var next = now + Self.demandedHeartbeatInterval.nanoseconds
            let deadline = lease.deadlineNanos
            if deadline != 0 { next = min(next, deadline) }
            next = min(next, lease.lastProvingSendNanos + currentHeartbeatNanos)
            let wait = max(next - now, 1_000_000)
            do {
                try await Task.sleep(for: .nanoseconds(wait))
            } catch {
                return
            }
            handle.post(.tick)
        }
    }
}

extension Task where Success == Never, Failure == Never {
    static var isCancelledOrShuttingDownGracefully: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }
}

import Logging

extension ZooKeeperClient {
    /// How setting up a new session ended.
    enum SetupOutcome {
        case established
        /// A problem that may clear up (the reply was lost, the namespace could not be created
        /// yet): the cause, for the log; the client tries again with backoff.
        case retry(String)
        /// A problem no retry fixes: `run()` ends with it.
        case failed(ZooKeeperError)
    }

    /// Proves a new session with a first `sync` (answered through the leader, it starts the
    /// lease), creates the namespace when it is missing and checks that the namespace is
    /// readable with the client's credentials, then makes the session the active one.
    func establish(_ session: ZooKeeperSession, on connection: ClientSession) async -> SetupOutcome {
        let sentAt = lease.recordSend(.leader)
        do {
            try await perform(.sync(path: "/"), on: connection, decode: ReplyDecoding.void)
            let validity = session.negotiatedTimeout * (1 - configuration.leaseMarginFraction)
            lease.begin(
                generation: connection.generation, sessionID: session.id, validity: validity, acknowledgedSendAt: sentAt)
            heartbeatNanos.store(Self.heartbeatInterval(for: session.negotiatedTimeout).nanoseconds, ordering: .relaxed)
            let root: NodeStat? = try await perform(.exists(path: "/", watch: false), on: connection, decode: ReplyDecoding.existence)
            if let chroot = configuration.chroot {
                if root == nil { try await createNamespace(chroot) }
                let _: NodeData = try await perform(.getData(path: "/", watch: false), on: connection, decode: ReplyDecoding.data)
            }
        } catch let error as ZooKeeperError where error.code == .noAuth {
            return .failed(namespaceRefused())
        } catch {
            return .retry(
                "cannot set up ZooKeeper session \(session.idString) at \(configuration.connectString): \(error); retrying")
        }
        let waiters = state.withLock { state in
            state.active = ActiveSession(connection: connection, session: session)
            state.phase = .connected
            return state.takeWaiters()
        }
        problems.withLock {
            $0.resolved(now: environment.clock.now(), logger: logger, connectString: configuration.connectString)
        }
        logger.info(
            "ZooKeeper session established",
            metadata: ["zk.session": "\(session.idString)", "zk.timeout": "\(session.negotiatedTimeout)"])
        broadcaster.publish(.connected(session))
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: ActiveSession(connection: connection, session: session))
        }
        return .established
    }

    /// The error that ends `run()` when the server refuses the client access to its namespace.
    private func namespaceRefused() -> ZooKeeperError {
        let namespace = configuration.chroot ?? "/"
        let credentials: String
        if let digest = configuration.digestCredentials {
            let user = digest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? digest
            credentials =
                "with the digest credentials of user '\(user)': ZooKeeper's digest scheme accepts any user:password "
                + "when a client authenticates, so a wrong password shows up as NOAUTH on nodes created with other credentials"
        } else {
            credentials = "without credentials: the namespace was created with an ACL that needs them (digestCredentials)"
        }
        return ZooKeeperError(
            code: .noAuth, operation: "connect", path: namespace,
            detail: "ZooKeeper at \(configuration.connectString) refused access to namespace \(namespace) (NOAUTH) \(credentials)")
    }

    /// Creates the client's namespace (its chroot) through a plain connection, which can reach
    /// paths outside the chroot, then closes that connection.
    ///
    /// A chrooted connection cannot create its own root, so when the first request of a new
    /// session finds the root missing, the client opens this short-lived session for it.
    func createNamespace(_ chroot: String) async throws {
        let connection = try await ClientSession.open(
            transport: transport, options: transportOptions(chroot: nil), generation: 1,
            lease: SessionLease(clock: environment.clock))
        do {
            try await waitUntilConnected(connection)
            for path in ZooKeeperPath.ancestors(of: chroot) + [chroot] {
                do {
                    let _: CreatedNode = try await perform(
                        .create(path: path, data: [], mode: .persistent), on: connection, decode: ReplyDecoding.created)
                    logger.info("created ZooKeeper namespace node \(path)")
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    continue
                }
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func waitUntilConnected(_ connection: ClientSession) async throws {
        let timeout = configuration.connectionTimeout
        let connected = try await environment.withDeadline(timeout) {
            for await signal in connection.signals {
                if case .connected = signal { return true }
            }
            return false
        }
        guard connected == true else {
            throw ZooKeeperError(
                code: .notConnected, operation: "createNamespace",
                detail: "no session with \(configuration.connectString) within \(timeout)")
        }
    }
}

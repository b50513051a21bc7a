extension ZooKeeperClient {
    /// Submits one request on the active session (or on `connection`) and waits for its reply.
    ///
    /// The request's send time is recorded for the lease; its reply renews the lease when it
    /// proves the server heard the request, then `decode` turns it into the value or error.
    func perform<Value: Sendable>(
        _ request: ZooKeeperTransportRequest, path: String? = nil, on connection: ClientSession? = nil,
        watch: ZooKeeperWatch? = nil, decode: @escaping ReplyDecoder<Value>
    ) async throws -> Value {
        let operation = request.operationName
        for observer in requestObservers.withLock({ $0 }) { observer(operation) }
        let path = path ?? request.path
        let target: ClientSession
        if let connection {
            target = connection
        } else {
            target = try await activeSession(operation: operation, path: path).connection
        }
        return try await withUnsafeThrowingContinuation { continuation in
            let pending = PendingRequest(
                continuation: continuation, operation: operation, path: path, session: target,
                sentAt: lease.recordSend(SessionLease.Proof(operation: operation)),
                decode: decode)
            target.send(request, watch: watch, reply: pending)
        }
    }

    /// Calls `observer` with the operation's name (`create`, `delete`, `exists`, `getData`,
    /// `setData`, `getChildren`, `multi`, `sync`) for every request the client sends from now
    /// on, on the sending task — a metric's counter, say; the client's own heartbeats are not
    /// reported. Observers cannot be removed; keep them cheap.
    public func addRequestObserver(_ observer: @escaping @Sendable (String) -> Void) {
        requestObservers.withLock { $0.append(observer) }
    }

    /// Sends a heartbeat without waiting for it: a `sync` of the namespace root, answered
    /// through the ensemble's leader, so its reply renews the lease and proves contact.
    ///
    /// - Parameters:
    ///   - connection: The session to send it on.
    ///   - replied: Told whether the reply proved contact (false when no reply will come).
    func sendHeartbeat(on connection: ClientSession, replied: (@Sendable (Bool) -> Void)? = nil) {
        let heartbeat = Heartbeat(session: connection, sentAt: lease.recordSend(.leader), replied: replied)
        connection.send(.sync(path: "/"), watch: nil, reply: heartbeat)
    }

    /// The active session, waiting for one up to `timeout` (default: the connection timeout).
    func activeSession(operation: String, path: String?, timeout: Duration? = nil) async throws -> ActiveSession {
        enum Immediate {
            case active(ActiveSession)
            case closed
            case wait(Int)
        }
        let limit = timeout ?? configuration.connectionTimeout
        return try await withUnsafeThrowingContinuation { continuation in
            let immediate: Immediate = state.withLock { state in
                if let active = state.active { return .active(active) }
                if state.phase == .closed { return .closed }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiters[id] = ClientState.Waiter(continuation: continuation)
                return .wait(id)
            }
            switch immediate {
            case .active(let active):
                continuation.resume(returning: active)
            case .closed:
                continuation.resume(throwing: ZooKeeperError(code: .clientClosed, operation: operation, path: path))
            case .wait(let id):
                let connectString = configuration.connectString
                let clock = environment.clock
                let timer = environment.spawn { [self] in
                    do { try await clock.sleep(for: limit) } catch { return }
                    let expired = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                    expired?.continuation.resume(
                        throwing: ZooKeeperError(
                            code: .notConnected, operation: operation, path: path,
                            detail: "no ZooKeeper session with \(connectString) within \(limit)"))
                }
                state.withLock { state in
                    if state.waiters[id] != nil { state.waiters[id]?.timer = timer } else { timer.cancel() }
                }
            }
        }
    }
}

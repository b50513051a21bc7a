import CShardedJobsZooKeeper

extension ZooKeeperClient {
    /// Submits one request and waits for its completion.
    ///
    /// `start` receives the C handle, the request's context and the watch's context (nil
    /// without a watch) and returns the `zoo_a*` call's result; when that call fails its
    /// completion never runs, so both contexts are released here and the error is thrown.
    func perform<Value: Sendable>(
        _ operation: String, path: String?, on explicitHandle: SessionHandle? = nil,
        watch: ZooKeeperWatch? = nil, resources: AnyObject? = nil,
        _ start: (OpaquePointer, UnsafeRawPointer, UnsafeMutableRawPointer?) -> Int32
    ) async throws -> Value {
        let handle: SessionHandle
        if let explicitHandle {
            handle = explicitHandle
        } else {
            handle = try await activeSession(operation: operation, path: path).handle
        }
        return try await withUnsafeThrowingContinuation { continuation in
            let request = PendingRequest<Value>(
                continuation: continuation, operation: operation, path: path, session: handle,
                sentAt: lease.recordSend(SessionLease.Proof(operation: operation)))
            request.resources = resources
            var watchContext: UnsafeMutableRawPointer?
            if let watch {
                let registration = WatchRegistration(watch: watch, session: handle)
                handle.addWatch(registration)
                request.watch = registration
                watchContext = Unmanaged.passRetained(registration).toOpaque()
            }
            let context = Unmanaged.passRetained(request).toOpaque()
            handle.track(request)
            let rc = handle.submit { raw in start(raw, context, watchContext) }
            if rc != ZOK.rawValue, handle.untrack(request) {
                Unmanaged<PendingRequest<Value>>.fromOpaque(context).release()
                request.watch?.finish(nil)
                continuation.resume(throwing: request.error(rc))
            }
        }
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
                state.waiters[id] = continuation
                return .wait(id)
            }
            switch immediate {
            case .active(let active):
                continuation.resume(returning: active)
            case .closed:
                continuation.resume(throwing: ZooKeeperError(code: .clientClosed, operation: operation, path: path))
            case .wait(let id):
                let connectString = configuration.connectString
                Task { [self] in
                    try? await Task.sleep(for: limit)
                    let expired = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                    expired?.resume(
                        throwing: ZooKeeperError(
                            code: .notConnected, operation: operation, path: path,
                            detail: "no ZooKeeper session with \(connectString) within \(limit)"))
                }
            }
        }
    }
}

import CShardedJobsZooKeeper
import Foundation
import Synchronization

/// A session event as the C client reports it, plus the client's own timer ticks.
enum RawSessionEvent: Sendable {
    case connected(ZooKeeperSession)
    case connecting
    case expired
    case authFailed
    case tick
}

/// One C handle (`zhandle_t`) and everything tied to its lifetime: its session events, its
/// outstanding watches and the generation that owns the lease.
///
/// The handle pointer is only used under `pointer`'s lock, and `close()` takes it out of the
/// lock before `zookeeper_close`, so no request can reach a closed handle. The C client holds
/// a +1 reference to this object as the handle's watcher context, released after close.
final class SessionHandle: @unchecked Sendable {
    let generation: Int
    let lease: SessionLease
    let events: AsyncStream<RawSessionEvent>
    private let sink: AsyncStream<RawSessionEvent>.Continuation
    private let pointer = Mutex<HandlePointer?>(nil)
    private let expired = Atomic<Bool>(false)
    private let watches = Mutex<[ObjectIdentifier: WatchRegistration]>([:])
    /// Requests handed to the C client whose completion has not run yet.
    private let inFlight = Mutex<[ObjectIdentifier: any TrackedRequest]>([:])
    private let retainedForC = Mutex(false)

    private init(generation: Int, lease: SessionLease) {
        self.generation = generation
        self.lease = lease
        (events, sink) = AsyncStream.makeStream(of: RawSessionEvent.self, bufferingPolicy: .unbounded)
    }

    /// Opens a handle; the session is established asynchronously (watch `events`).
    static func open(
        generation: Int, hosts: String, sessionTimeout: Duration, lease: SessionLease,
        digest: String?
    ) async throws -> SessionHandle {
        let session = SessionHandle(generation: generation, lease: lease)
        let context = Unmanaged.passRetained(session).toOpaque()
        session.retainedForC.withLock { $0 = true }
        let contextAddress = UInt(bitPattern: context)
        let timeoutMillis = Int32(clamping: sessionTimeout.nanoseconds / 1_000_000)
        let opened: HandlePointer? = await BlockingExecutor.run {
            let raw = zookeeper_init2(
                hosts, sessionWatcherCallback, timeoutMillis, nil,
                UnsafeMutableRawPointer(bitPattern: contextAddress), 0, cLogCallback)
            return raw.map(HandlePointer.init)
        }
        guard let opened else {
            let reason = String(cString: strerror(errno))
            session.releaseCReference()
            throw ZooKeeperError(
                code: .badArguments, operation: "connect", detail: "zookeeper_init failed for '\(hosts)': \(reason)")
        }
        session.pointer.withLock { $0 = opened }
        if let digest {
            _ = session.submit { raw in
                zoo_add_auth(raw, "digest", digest, Int32(digest.utf8.count), nil, nil)
            }
        }
        return session
    }

    /// Calls `body` with the live handle under the lock; returns `ZSESSIONEXPIRED` once the
    /// session expired and `ZINVALIDSTATE` after close, without calling it.
    func submit(_ body: (OpaquePointer) -> Int32) -> Int32 {
        if expired.load(ordering: .acquiring) { return ZSESSIONEXPIRED.rawValue }
        return pointer.withLock { pointer in
            guard let pointer else { return ZINVALIDSTATE.rawValue }
            return body(pointer.raw)
        }
    }

    /// Closes the handle (off the cooperative pool), ends the outstanding watches with
    /// `sessionEnded`, and finishes the event stream. Safe to call more than once.
    func close() async {
        lease.invalidate(generation: generation)
        let taken = pointer.withLock { pointer in
            defer { pointer = nil }
            return pointer
        }
        if let taken {
            _ = await BlockingExecutor.run { zookeeper_close(taken.raw) }
        }
        // When its own threads are busy at close, the C client can queue completions and then
        // stop the thread that would run them: whatever it did not complete is failed here.
        let abandoned = inFlight.withLock { inFlight in
            defer { inFlight.removeAll() }
            return Array(inFlight.values)
        }
        for request in abandoned {
            Unmanaged<AnyObject>.passUnretained(request).release()
            request.abandon()
        }
        let remaining = watches.withLock { watches in
            defer { watches.removeAll() }
            return Array(watches.values)
        }
        for registration in remaining {
            Unmanaged.passUnretained(registration).release()
            registration.watch.fire(WatchEvent(kind: .sessionEnded, path: registration.watch.path))
        }
        sink.finish()
        releaseCReference()
    }

    private func releaseCReference() {
        let wasRetained = retainedForC.withLock { retained in
            defer { retained = false }
            return retained
        }
        if wasRetained { Unmanaged.passUnretained(self).release() }
    }

    /// The `host:port` the handle is connected to, or nil while it is not connected.
    var connectedServer: String? {
        pointer.withLock { pointer in
            guard let pointer, let server = zoo_get_current_server(pointer.raw) else { return nil }
            let text = String(cString: server)
            return text.isEmpty || text.hasPrefix("0.0.0.0") ? nil : text
        }
    }

    /// Takes note of a reply to a request sent at `sentAt` (see `SessionLease.acknowledge`).
    func acknowledge(_ proof: SessionLease.Proof, sentAt: Int64) {
        lease.acknowledge(proof, sentAt: sentAt, generation: generation)
    }

    /// Records a request about to be handed to the C client.
    func track(_ request: any TrackedRequest) {
        inFlight.withLock { $0[ObjectIdentifier(request)] = request }
    }

    /// Removes a request; true for the one caller that removed it (its completion, or the
    /// submitter when the C call failed), false once close abandoned it.
    func untrack(_ request: AnyObject) -> Bool {
        inFlight.withLock { $0.removeValue(forKey: ObjectIdentifier(request)) != nil }
    }

    func addWatch(_ registration: WatchRegistration) {
        watches.withLock { $0[ObjectIdentifier(registration)] = registration }
    }

    /// Removes a registration; true for the one caller that removed it.
    func removeWatch(_ registration: WatchRegistration) -> Bool {
        watches.withLock { $0.removeValue(forKey: ObjectIdentifier(registration)) != nil }
    }

    var outstandingWatchCount: Int { watches.withLock { $0.count } }

    func post(_ event: RawSessionEvent) { sink.yield(event) }

    /// Called on the completion thread for the handle's session events.
    fileprivate func receiveSessionState(_ state: Int32, handle: OpaquePointer?) {
        switch state {
        case ZOO_CONNECTED_STATE:
            guard let handle, let id = zoo_client_id(handle)?.pointee else { return }
            let password = withUnsafeBytes(of: id.passwd) { Array($0) }
            let timeout = Duration.milliseconds(Int64(zoo_recv_timeout(handle)))
            sink.yield(.connected(ZooKeeperSession(id: id.client_id, password: password, negotiatedTimeout: timeout)))
        case ZOO_CONNECTING_STATE:
            sink.yield(.connecting)
        case ZOO_EXPIRED_SESSION_STATE:
            expired.store(true, ordering: .releasing)
            lease.invalidate(generation: generation)
            sink.yield(.expired)
        case ZOO_AUTH_FAILED_STATE:
            lease.invalidate(generation: generation)
            sink.yield(.authFailed)
        default:
            break
        }
    }
}

/// The handle's own watcher: session events only (every node watch has its own context).
private func sessionWatcherCallback(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32,
    _ path: UnsafePointer<CChar>?, _ context: UnsafeMutableRawPointer?
) {
    guard type == ZOO_SESSION_EVENT, let context else { return }
    Unmanaged<SessionHandle>.fromOpaque(context).takeUnretainedValue()
        .receiveSessionState(state, handle: handle)
}

/// A request context the C client holds until its completion runs.
protocol TrackedRequest: AnyObject, Sendable {
    /// Ends a request whose completion will never run (called once, after close).
    func abandon()
}

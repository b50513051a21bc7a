import CShardedJobsZooKeeper
import Foundation
import Synchronization

/// One C handle (`zhandle_t`): the production `ZooKeeperConnection`.
///
/// The C client runs an I/O thread and a completion thread per handle; every completion and
/// watcher runs on the completion thread, in order, so events reach the client one at a time
/// in the server's order. The handle pointer is only used under `pointer`'s lock, and `close()`
/// takes it out of the lock before `zookeeper_close`, so no request can reach a closed handle.
/// The C client holds a +1 reference to this object as the handle's watcher context, and one
/// to each request's and each watch's context (`CRequestContext`, `CWatchContext`); whoever
/// removes a context from this handle's registry balances its reference, so each is released
/// exactly once.
final class SessionHandle: ZooKeeperConnection, @unchecked Sendable {
    private let events: ZooKeeperTransportEvents
    private let digest: String?
    private let hosts: [String]
    private let pointer = Mutex<HandlePointer?>(nil)
    /// Request contexts handed to the C client whose completion has not run yet.
    private let inFlight = Mutex<[ObjectIdentifier: CRequestContext]>([:])
    /// Watch contexts the C client holds.
    private let watches = Mutex<[ObjectIdentifier: CWatchContext]>([:])
    private let retainedForC = Mutex(false)

    private init(events: ZooKeeperTransportEvents, digest: String?, hosts: [String]) {
        self.events = events
        self.digest = digest
        self.hosts = hosts
    }

    /// Opens a handle; the session is established asynchronously (reported through `events`).
    ///
    /// Throws `hostNotFound` naming the host when `zookeeper_init` fails because a host of the
    /// connect string does not resolve, `systemError` with `errno`'s text otherwise.
    static func open(_ options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) async throws
        -> SessionHandle
    {
        let hosts = options.connectString.split(separator: ",").map(String.init)
        let handle = SessionHandle(events: events, digest: options.digestCredentials, hosts: hosts)
        let context = Unmanaged.passRetained(handle).toOpaque()
        handle.retainedForC.withLock { $0 = true }
        let contextAddress = UInt(bitPattern: context)
        let timeoutMillis = Int32(clamping: options.sessionTimeout.nanoseconds / 1_000_000)
        let hostString = options.connectString + (options.chroot ?? "")
        let opened: Result<HandlePointer, ZooKeeperError> = await BlockingExecutor.run {
            if let raw = zookeeper_init2(
                hostString, sessionWatcherCallback, timeoutMillis, nil,
                UnsafeMutableRawPointer(bitPattern: contextAddress), 0, cLogCallback)
            {
                return .success(HandlePointer(raw: raw))
            }
            let reason = String(cString: strerror(errno))
            return .failure(HostResolution.initFailure(hosts: hosts, reason: reason))
        }
        switch opened {
        case .failure(let error):
            handle.releaseCReference()
            throw error
        case .success(let raw):
            handle.pointer.withLock { $0 = raw }
        }
        if let digest = options.digestCredentials {
            _ = handle.withHandle { raw in
                zoo_add_auth(raw, "digest", digest, Int32(digest.utf8.count), nil, nil)
            }
        }
        return handle
    }

    func submit(_ request: ZooKeeperTransportRequest, id: Int, watch: Int?) -> ZooKeeperError.Code? {
        let context = CRequestContext(id: id, handle: self)
        if let watch, let target = request.watchTarget {
            context.watch = CWatchContext(id: watch, target: target, handle: self)
        }
        if case .multi(let operations) = request {
            context.buffers = MultiBuffers(operations: operations, acl: acl())
        }
        inFlight.withLock { $0[ObjectIdentifier(context)] = context }
        if let registration = context.watch { watches.withLock { $0[ObjectIdentifier(registration)] = registration } }
        let requestContext = Unmanaged.passRetained(context).toOpaque()
        let watchContext = context.watch.map { Unmanaged.passRetained($0).toOpaque() }
        let rc = withHandle { raw in
            CRequestStarter.start(request, on: raw, context: requestContext, watchContext: watchContext, acl: acl(), buffers: context.buffers)
        }
        guard rc != ZOK.rawValue else { return nil }
        // The C call failed: its completion never runs and its watcher is never called.
        if untrack(context) { Unmanaged<CRequestContext>.fromOpaque(requestContext).release() }
        if let registration = context.watch { dropWatch(registration) }
        return ZooKeeperError.Code(rawValue: rc)
    }

    /// Calls `body` with the live handle under the lock; `ZINVALIDSTATE` after close.
    private func withHandle(_ body: (OpaquePointer) -> Int32) -> Int32 {
        pointer.withLock { pointer in
            guard let pointer else { return ZINVALIDSTATE.rawValue }
            return body(pointer.raw)
        }
    }

    /// The ACL for new nodes: creator-only with digest credentials, open otherwise.
    private func acl() -> UnsafeMutablePointer<ACL_vector> {
        digest == nil ? czk_open_acl_unsafe() : czk_creator_all_acl()
    }

    /// Closes the handle off the cooperative pool, then releases every context the C client
    /// will no longer complete. Safe to call more than once.
    func close() async {
        let taken = pointer.withLock { pointer in
            defer { pointer = nil }
            return pointer
        }
        if let taken {
            _ = await BlockingExecutor.run { zookeeper_close(taken.raw) }
        }
        // When its own threads are busy at close, the C client can queue completions and then
        // stop the thread that would run them: whatever it did not complete is released here
        // (the client fails those requests itself).
        let abandoned = inFlight.withLock { inFlight in
            defer { inFlight.removeAll() }
            return Array(inFlight.values)
        }
        for context in abandoned { Unmanaged.passUnretained(context).release() }
        let remaining = watches.withLock { watches in
            defer { watches.removeAll() }
            return Array(watches.values)
        }
        for registration in remaining { Unmanaged.passUnretained(registration).release() }
        releaseCReference()
    }

    private func releaseCReference() {
        let wasRetained = retainedForC.withLock { retained in
            defer { retained = false }
            return retained
        }
        if wasRetained { Unmanaged.passUnretained(self).release() }
    }

    var connectedServer: String? {
        pointer.withLock { pointer in
            guard let pointer, let server = zoo_get_current_server(pointer.raw) else { return nil }
            let text = String(cString: server)
            return text.isEmpty || text.hasPrefix("0.0.0.0") ? nil : text
        }
    }

    var connectionProblem: String? { CLogBridge.latestSocketError(for: hosts) }

    /// Delivers an event to the client (on the completion thread).
    func deliver(_ event: ZooKeeperTransportEvent) { events.yield(event) }

    /// Removes a request context; true for the one caller that removed it (its completion, or
    /// the submitter when the C call failed), false once close released it.
    func untrack(_ context: CRequestContext) -> Bool {
        inFlight.withLock { $0.removeValue(forKey: ObjectIdentifier(context)) != nil }
    }

    /// Removes a watch context and balances the C client's reference; true for the one caller
    /// that removed it.
    @discardableResult
    func dropWatch(_ registration: CWatchContext) -> Bool {
        guard watches.withLock({ $0.removeValue(forKey: ObjectIdentifier(registration)) != nil }) else { return false }
        Unmanaged.passUnretained(registration).release()
        return true
    }

    /// Called on the completion thread for the handle's session events.
    fileprivate func receiveSessionState(_ state: Int32, handle: OpaquePointer?) {
        switch state {
        case ZOO_CONNECTED_STATE:
            guard let handle, let id = zoo_client_id(handle)?.pointee else { return }
            let password = withUnsafeBytes(of: id.passwd) { Array($0) }
            let timeout = Duration.milliseconds(Int64(zoo_recv_timeout(handle)))
            deliver(.connected(ZooKeeperSession(id: id.client_id, password: password, negotiatedTimeout: timeout)))
        case ZOO_CONNECTING_STATE:
            deliver(.connecting)
        case ZOO_EXPIRED_SESSION_STATE:
            deliver(.expired)
        case ZOO_AUTH_FAILED_STATE:
            deliver(.authFailed)
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

import Synchronization

/// A signal for the client's driver loop: the connection's session events and the client's
/// own timer ticks.
enum SessionSignal: Sendable {
    case connected(ZooKeeperSession)
    case connecting
    case expired
    case authFailed
    case tick
}

/// The client's side of one transport connection and everything tied to its lifetime: the
/// generation that owns the lease, the requests in flight, the outstanding watches and the
/// signals of the driver loop.
///
/// Requests and watches get ids here; the transport echoes them in replies and watch events,
/// which `receive(_:)` takes one at a time in the server's order. Whatever is still in flight
/// when the connection closes is failed with `closing`, and every watch still set ends with
/// `sessionEnded`, so no caller waits forever and no watch leaks.
final class ClientSession: Sendable {
    /// A request in flight: what settles it, and the watch it leaves if the server registers it.
    private struct InFlight {
        let reply: any PendingReply
        let watchID: Int?
        let watchTarget: ZooKeeperWatch.Target?
    }

    private struct State {
        var connection: (any ZooKeeperConnection)?
        var inFlight: [Int: InFlight] = [:]
        var watches: [Int: ZooKeeperWatch] = [:]
        var nextID = 1
        var expired = false
        var closed = false
    }

    let generation: Int
    let lease: SessionLease
    /// The driver loop's input: session events in the server's order, and ticks.
    let signals: AsyncStream<SessionSignal>
    private let signalSink: AsyncStream<SessionSignal>.Continuation
    private let state = Mutex(State())

    private init(generation: Int, lease: SessionLease) {
        self.generation = generation
        self.lease = lease
        (signals, signalSink) = AsyncStream.makeStream(of: SessionSignal.self, bufferingPolicy: .unbounded)
    }

    /// Opens a connection through `transport`; the session is established asynchronously
    /// (watch `signals`). Throws what the transport throws when it cannot open one.
    static func open(
        transport: any ZooKeeperTransport, options: ZooKeeperTransportOptions, generation: Int, lease: SessionLease
    ) async throws -> ClientSession {
        let session = ClientSession(generation: generation, lease: lease)
        let connection = try await transport.open(options, events: ZooKeeperTransportEvents { session.receive($0) })
        session.state.withLock { $0.connection = connection }
        return session
    }

    /// Hands a request to the connection; `reply` settles it exactly once — with the server's
    /// reply, or with the error that kept it from being sent.
    func send(_ request: ZooKeeperTransportRequest, watch: ZooKeeperWatch?, reply: any PendingReply) {
        enum Admission {
            case refused(ZooKeeperError.Code)
            case admitted(any ZooKeeperConnection, id: Int, watchID: Int?)
        }
        let admission: Admission = state.withLock { state in
            if state.expired { return .refused(.sessionExpired) }
            guard !state.closed, let connection = state.connection else { return .refused(.invalidState) }
            let id = state.nextID
            state.nextID += 1
            var watchID: Int?
            if let watch {
                let assigned = state.nextID
                state.nextID += 1
                state.watches[assigned] = watch
                watchID = assigned
            }
            state.inFlight[id] = InFlight(reply: reply, watchID: watchID, watchTarget: watch?.target)
            return .admitted(connection, id: id, watchID: watchID)
        }
        switch admission {
        case .refused(let code):
            reply.abandon(code)
        case .admitted(let connection, let id, let watchID):
            guard let refused = connection.submit(request, id: id, watch: watchID) else { return }
            let entry = state.withLock { state in
                if let watchID { state.watches.removeValue(forKey: watchID) }
                return state.inFlight.removeValue(forKey: id)
            }
            entry?.reply.abandon(refused)
        }
    }

    /// Takes one event of the connection (called by the transport, one at a time).
    func receive(_ event: ZooKeeperTransportEvent) {
        switch event {
        case .connected(let session):
            signalSink.yield(.connected(session))
        case .connecting:
            signalSink.yield(.connecting)
        case .expired:
            lease.invalidate(generation: generation)
            let watches = state.withLock { state in
                state.expired = true
                return Self.takeWatches(&state)
            }
            for watch in watches { watch.fire(WatchEvent(kind: .sessionEnded, path: watch.path)) }
            signalSink.yield(.expired)
        case .authFailed:
            lease.invalidate(generation: generation)
            signalSink.yield(.authFailed)
        case .reply(let id, let reply):
            let entry: InFlight? = state.withLock { state in
                guard let entry = state.inFlight.removeValue(forKey: id) else { return nil }
                if let watchID = entry.watchID, let target = entry.watchTarget, !target.isRegistered(by: reply.code) {
                    state.watches.removeValue(forKey: watchID)
                }
                return entry
            }
            entry?.reply.complete(reply)
        case .watch(let id, let kind):
            guard let watch = state.withLock({ $0.watches.removeValue(forKey: id) }) else { return }
            watch.fire(WatchEvent(kind: kind, path: watch.path))
        }
    }

    /// Closes the connection, then fails what is still in flight with `closing`, ends the
    /// outstanding watches with `sessionEnded` and finishes `signals`. Safe to call twice.
    func close() async {
        lease.invalidate(generation: generation)
        let connection = state.withLock { state in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        await connection?.close()
        let (replies, watches) = state.withLock { state in
            let replies = state.inFlight.sorted { $0.key < $1.key }.map(\.value.reply)
            state.inFlight.removeAll()
            return (replies, Self.takeWatches(&state))
        }
        for reply in replies { reply.abandon(.closing) }
        for watch in watches { watch.fire(WatchEvent(kind: .sessionEnded, path: watch.path)) }
        signalSink.finish()
    }

    /// The watches, in the order they were set, removed from the registry.
    private static func takeWatches(_ state: inout State) -> [ZooKeeperWatch] {
        defer { state.watches.removeAll() }
        return state.watches.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Posts a tick to the driver loop.
    func post(_ signal: SessionSignal) { signalSink.yield(signal) }

    /// Takes note of a reply to a request sent at `sentAt` (see `SessionLease.acknowledge`).
    func acknowledge(_ proof: SessionLease.Proof, sentAt: Int64) {
        lease.acknowledge(proof, sentAt: sentAt, generation: generation)
    }

    private var connection: (any ZooKeeperConnection)? { state.withLock { $0.connection } }

    /// The server the connection goes to now, or nil.
    var connectedServer: String? { connection?.connectedServer }

    /// Why the latest attempt to reach a server failed, or nil.
    var connectionProblem: String? { connection?.connectionProblem }

    /// The number of watches set and not yet fired.
    var outstandingWatchCount: Int { state.withLock { $0.watches.count } }
}

extension ZooKeeperWatch.Target {
    /// Whether the server leaves a watch of this kind for a reply with this code: data and
    /// children watches on success, existence watches also when the node does not exist.
    @_spi(Simulation)
    public func isRegistered(by code: ZooKeeperError.Code) -> Bool {
        code == .ok || (self == .existence && code == .noNode)
    }
}

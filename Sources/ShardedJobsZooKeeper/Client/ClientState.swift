/// The mutable state of a `ZooKeeperClient`, kept under one lock.
struct ClientState {
    enum Phase: Equatable {
        /// `run()` has not started.
        case idle
        /// A handle is open but no session is established on it yet.
        case connecting
        /// A session is established and connected.
        case connected
        /// A session is established but its connection is down.
        case suspended
        /// `run()` has returned; the client is done.
        case closed
    }

    var phase = Phase.idle
    /// Where operations go: set once a session is established on a handle, cleared when lost.
    var active: ActiveSession?
    var earlierSessionIDs: [Int64] = []
    var waiters: [Int: UnsafeContinuation<ActiveSession, any Error>] = [:]
    var nextWaiterID = 0

    /// Removes and returns every waiter.
    mutating func takeWaiters() -> [UnsafeContinuation<ActiveSession, any Error>] {
        defer { waiters.removeAll() }
        return Array(waiters.values)
    }
}

/// An established session and the handle it lives on.
struct ActiveSession: Sendable {
    let handle: SessionHandle
    let session: ZooKeeperSession
}

/// The mutable state of a `ZooKeeperClient`, kept under one lock.
struct ClientState {
    enum Phase: Equatable {
        /// `run()` has not started.
        case idle
        /// A connection is open but no session is established on it yet.
        case connecting
        /// A session is established and connected.
        case connected
        /// A session is established but its connection is down.
        case suspended
        /// `run()` has returned; the client is done.
        case closed
    }

    /// An operation waiting for a session, and the timer that gives up on it.
    struct Waiter {
        let continuation: UnsafeContinuation<ActiveSession, any Error>
        var timer: Task<Void, Never>?
    }

    var phase = Phase.idle
    /// Where operations go: set once a session is established on a connection, cleared when lost.
    var active: ActiveSession?
    var earlierSessionIDs: [Int64] = []
    var waiters: [Int: Waiter] = [:]
    var nextWaiterID = 0

    /// Removes and returns every waiter, in the order they started waiting.
    mutating func takeWaiters() -> [Waiter] {
        defer { waiters.removeAll() }
        return waiters.sorted { $0.key < $1.key }.map(\.value)
    }
}

/// An established session and the connection it lives on.
struct ActiveSession: Sendable {
    let connection: ClientSession
    let session: ZooKeeperSession
}

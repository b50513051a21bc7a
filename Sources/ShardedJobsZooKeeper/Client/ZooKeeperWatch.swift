import Synchronization

/// A one-shot watch: it delivers exactly one `WatchEvent`, then it is spent.
///
/// Await `event()` for the single event, or iterate the watch as an async sequence of one
/// element. The client owns the watch's context while the server holds the watch: it is
/// released when the event arrives, when the session expires, or when the session is closed;
/// in the last two cases the event is `sessionEnded`. A watch never fires twice.
public final class ZooKeeperWatch: AsyncSequence, Sendable {
    /// The element type: the single event.
    public typealias Element = WatchEvent

    /// What the watch is on.
    public enum Target: Hashable, Sendable {
        /// The node's data (and its deletion).
        case data
        /// The node's children (and its deletion).
        case children
        /// The node's existence (creation, deletion, and data change).
        case existence
    }

    /// The watched path, relative to the client's namespace.
    public let path: String
    /// What the watch is on.
    public let target: Target

    private enum State {
        case pending(waiters: [Int: UnsafeContinuation<WatchEvent, any Error>], nextID: Int)
        case fired(WatchEvent)
    }

    private let state = Mutex(State.pending(waiters: [:], nextID: 0))
    private let handlers = Mutex<[@Sendable (WatchEvent) -> Void]>([])

    /// The number of watch objects alive in the process; tests use it to prove there is no leak.
    static let liveCount = Atomic<Int>(0)

    init(path: String, target: Target) {
        self.path = path
        self.target = target
        Self.liveCount.add(1, ordering: .relaxed)
    }

    deinit {
        Self.liveCount.subtract(1, ordering: .relaxed)
    }

    /// The event, if it has arrived.
    public var firedEvent: WatchEvent? {
        state.withLock { state in
            if case .fired(let event) = state { return event }
            return nil
        }
    }

    /// Waits for the event.
    ///
    /// Several tasks may wait; all get the same event. Throws `CancellationError` when the
    /// waiting task is cancelled (the watch itself stays armed).
    public func event() async throws -> WatchEvent {
        let id = Mutex<Int?>(nil)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let immediate: WatchEvent? = state.withLock { state in
                    switch state {
                    case .fired(let event):
                        return event
                    case .pending(var waiters, let nextID):
                        waiters[nextID] = continuation
                        state = .pending(waiters: waiters, nextID: nextID + 1)
                        id.withLock { $0 = nextID }
                        return nil
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
                if Task.isCancelled { cancelWaiter(id.withLock { $0 }) }
            }
        } onCancel: {
            cancelWaiter(id.withLock { $0 })
        }
    }

    /// Waits until any of `watches` fires (at once if one has fired already); the waits on the
    /// others are given up. Returns at once for no watch.
    public static func first(of watches: [ZooKeeperWatch]) async throws {
        guard !watches.isEmpty, !watches.contains(where: { $0.firedEvent != nil }) else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for watch in watches { group.addTask { _ = try await watch.event() } }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func cancelWaiter(_ id: Int?) {
        guard let id else { return }
        let continuation: UnsafeContinuation<WatchEvent, any Error>? = state.withLock { state in
            guard case .pending(var waiters, let nextID) = state else { return nil }
            let removed = waiters.removeValue(forKey: id)
            state = .pending(waiters: waiters, nextID: nextID)
            return removed
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Calls `handler` with the event when it arrives, or at once if it already has.
    ///
    /// The handler runs on the C client's completion thread (or the caller's, if the event has
    /// already arrived): keep it short and non-blocking — typically it yields the event into
    /// an `AsyncStream`. This lets a component hold many watches without a task per watch.
    public func onEvent(_ handler: @escaping @Sendable (WatchEvent) -> Void) {
        let fired: WatchEvent? = state.withLock { state in
            if case .fired(let event) = state { return event }
            handlers.withLock { $0.append(handler) }
            return nil
        }
        if let fired { handler(fired) }
    }

    /// Delivers the event once; later calls are ignored.
    func fire(_ event: WatchEvent) {
        let waiters: [UnsafeContinuation<WatchEvent, any Error>] = state.withLock { state in
            guard case .pending(let waiters, _) = state else { return [] }
            state = .fired(event)
            return waiters.sorted { $0.key < $1.key }.map(\.value)
        }
        for waiter in waiters { waiter.resume(returning: event) }
        let callbacks = handlers.withLock { handlers in
            defer { handlers.removeAll() }
            return handlers
        }
        for callback in callbacks { callback(event) }
    }

    /// Creates the iterator that yields the event once.
    public func makeAsyncIterator() -> Iterator { Iterator(watch: self) }

    /// Yields the watch's event once, then ends.
    public struct Iterator: AsyncIteratorProtocol {
        let watch: ZooKeeperWatch
        var done = false

        /// The event the first time, then nil.
        public mutating func next() async throws -> WatchEvent? {
            guard !done else { return nil }
            done = true
            return try await watch.event()
        }
    }
}

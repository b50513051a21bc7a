import Synchronization

/// Records events (the elements of an async sequence — a recipe's events, a client's session
/// events — or whatever a test hands to `record(_:)`) with their arrival instants, and lets a
/// test wait for one with a deadline.
public final class EventLog<Event: Sendable>: Sendable {
    /// An event and when it arrived.
    public struct Entry: Sendable {
        /// The event.
        public let event: Event
        /// When it arrived.
        public let at: ContinuousClock.Instant
    }

    private struct Waiter {
        let from: Int
        let predicate: @Sendable (Event) -> Bool
        let continuation: CheckedContinuation<Entry?, Never>
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    private let listener = Mutex<Task<Void, Never>?>(nil)

    /// An empty log; `record(_:)` adds to it.
    public init() {}

    /// Starts recording `events` (subscribe before the thing under test can change).
    public convenience init(_ events: AsyncStream<Event>) {
        self.init()
        let task = Task { [weak self] in
            for await event in events { self?.record(event) }
        }
        listener.withLock { $0 = task }
    }

    deinit { listener.withLock { $0?.cancel() } }

    /// Records an event now, waking the waits it satisfies.
    public func record(_ event: Event) {
        let entry = Entry(event: event, at: .now)
        let ready: [CheckedContinuation<Entry?, Never>] = state.withLock { state in
            state.entries.append(entry)
            let index = state.entries.count - 1
            let matching = state.waiters.filter { $0.value.from <= index && $0.value.predicate(event) }
            let ordered = matching.sorted { $0.key < $1.key }
            for (id, _) in ordered { state.waiters.removeValue(forKey: id) }
            return ordered.map(\.value.continuation)
        }
        for continuation in ready { continuation.resume(returning: entry) }
    }

    /// All events so far.
    public var events: [Event] { state.withLock { $0.entries.map(\.event) } }

    /// All entries so far.
    public var entries: [Entry] { state.withLock { $0.entries } }

    /// The number of events so far; pass it as `after` to wait only for later events.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Waits for the first event at index `after` or later that matches, within `limit`.
    @discardableResult
    public func wait(
        for what: String, after: Int = 0, within limit: Duration,
        where predicate: @escaping @Sendable (Event) -> Bool
    ) async throws -> Entry {
        let entry: Entry? = try await TestSupport.within(limit, what) {
            let id = self.state.withLock { state in
                defer { state.nextID += 1 }
                return state.nextID
            }
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let existing: Entry? = self.state.withLock { state in
                        if let match = state.entries.dropFirst(after).first(where: { predicate($0.event) }) {
                            return match
                        }
                        state.waiters[id] = Waiter(from: after, predicate: predicate, continuation: continuation)
                        return nil
                    }
                    if let existing { continuation.resume(returning: existing) }
                    if Task.isCancelled {
                        self.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
                    }
                }
            } onCancel: {
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
            }
        }
        guard let entry else { throw TimedOut(what: what, after: limit) }
        return entry
    }
}

import Synchronization
import ShardedJobsZooKeeper
import TestSupport

/// Records a client's session events with their arrival instants, and lets a test wait for one.
final class SessionEventLog: Sendable {
    /// An event and when it arrived.
    struct Entry: Sendable {
        let event: SessionEvent
        let at: ContinuousClock.Instant
    }

    private struct Waiter {
        let from: Int
        let predicate: @Sendable (SessionEvent) -> Bool
        let continuation: CheckedContinuation<Entry?, Never>
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    private let listener = Mutex<Task<Void, Never>?>(nil)

    init(_ client: ZooKeeperClient) {
        let events = client.sessionEvents()
        let task = Task { [weak self] in
            for await event in events { self?.record(event) }
        }
        listener.withLock { $0 = task }
    }

    deinit { listener.withLock { $0?.cancel() } }

    private func record(_ event: SessionEvent) {
        let entry = Entry(event: event, at: .now)
        let ready: [CheckedContinuation<Entry?, Never>] = state.withLock { state in
            state.entries.append(entry)
            let index = state.entries.count - 1
            let matching = state.waiters.filter { $0.value.from <= index && $0.value.predicate(event) }
            for id in matching.keys { state.waiters.removeValue(forKey: id) }
            return matching.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: entry) }
    }

    /// All events so far.
    var events: [SessionEvent] { state.withLock { $0.entries.map(\.event) } }

    /// The number of events so far; pass it as `after` to wait only for later events.
    var count: Int { state.withLock { $0.entries.count } }

    /// Waits for the first event at index `after` or later that matches, within `limit`.
    func wait(
        for what: String, after: Int = 0, within limit: Duration,
        where predicate: @escaping @Sendable (SessionEvent) -> Bool
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

extension SessionEvent {
    var isConnected: Bool { if case .connected = self { true } else { false } }
    var isLost: Bool { if case .lost = self { true } else { false } }
}

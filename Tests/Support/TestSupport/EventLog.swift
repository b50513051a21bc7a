import Synchronization

/// What a test observed, in order, with arrival instants, recorded from any task or thread;
/// waits on it are events with deadlines.
///
/// The one event primitive of the tests. Recorded here: the elements of an async sequence
/// (a recipe's events, a client's session events), executions of test jobs, listener and
/// handler calls, captured log lines, requests a test server received, a child process's
/// output lines and exit (`TestProcess`), changes in a directory (`DirectoryWatch`). A test
/// waits for one matching event (`wait(for:after:within:where:)`) or for a condition over
/// every event so far (`wait(_:within:until:)`), re-checked when an event arrives, never on a
/// timer; state kept elsewhere that changes only when an event arrives (the files a process
/// writes, say) is waited for with `wait(_:within:checking:)`.
public final class EventLog<Event: Sendable>: Sendable {
    /// An event and when it arrived.
    public struct Entry: Sendable {
        /// The event.
        public let event: Event
        /// When it arrived.
        public let at: ContinuousClock.Instant
    }

    /// What a waiter waits for: an event matching from an index on, or a condition over all.
    private enum Check {
        case match(from: Int, predicate: @Sendable (Event) -> Bool)
        case condition(@Sendable ([Event]) -> Bool)
    }

    /// The entries when the wait was satisfied, and the index of the matching entry (for a
    /// condition, the number of entries).
    private typealias Outcome = (entries: [Entry], index: Int)

    private struct Waiter {
        let check: Check
        let continuation: CheckedContinuation<Outcome?, Never>
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
        record(contentsOf: [event])
    }

    /// Records events now, in order (one wake-up for all of them).
    public func record(contentsOf events: [Event]) {
        guard !events.isEmpty else { return }
        let now = ContinuousClock.now
        let ready = state.withLock { state -> [(CheckedContinuation<Outcome?, Never>, Outcome)] in
            let first = state.entries.count
            state.entries += events.map { Entry(event: $0, at: now) }
            let entries = state.entries
            var ready: [(Int, CheckedContinuation<Outcome?, Never>, Outcome)] = []
            for (id, waiter) in state.waiters {
                guard let index = Self.satisfied(waiter.check, in: entries, newFrom: first) else { continue }
                ready.append((id, waiter.continuation, (entries, index)))
            }
            ready.sort { $0.0 < $1.0 }
            for (id, _, _) in ready { state.waiters.removeValue(forKey: id) }
            return ready.map { ($0.1, $0.2) }
        }
        for (continuation, outcome) in ready { continuation.resume(returning: outcome) }
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
        let outcome = try await within(limit, what) { try await self.wait(.match(from: after, predicate: predicate)) }
        return outcome.entries[outcome.index]
    }

    /// Waits, with no deadline of its own, until `condition` holds for the events so far, and
    /// returns them; throws `CancellationError` when the waiting task is cancelled first (as
    /// `within` does at its deadline).
    ///
    /// `condition` runs under the log's lock at each new event: it must be a pure function of
    /// the events (it must not touch this log).
    @discardableResult
    public func wait(until condition: @escaping @Sendable ([Event]) -> Bool) async throws -> [Event] {
        try await wait(.condition(condition)).entries.map(\.event)
    }

    /// Waits until `condition` holds for the events so far, failing with `TimedOut` after
    /// `limit`, and returns them. What already holds is returned at once, whatever the limit.
    @discardableResult
    public func wait(
        _ what: String, within limit: Duration, until condition: @escaping @Sendable ([Event]) -> Bool
    ) async throws -> [Event] {
        let now = events
        if condition(now) { return now }
        return try await within(limit, what) { try await self.wait(until: condition) }
    }

    /// Waits until `found` returns a value for the events so far, failing with `TimedOut`
    /// after `limit`.
    public func first<Value: Sendable>(
        _ what: String, within limit: Duration, _ found: @escaping @Sendable ([Event]) -> Value?
    ) async throws -> Value {
        let events = try await wait(what, within: limit) { found($0) != nil }
        guard let value = found(events) else { throw TimedOut(what: what, after: limit) }
        return value
    }

    /// Evaluates `check` now and again after each new event until it returns a value, failing
    /// with `TimedOut` after `limit`: for state kept outside the log that changes only when an
    /// event arrives (the event announces the change).
    public func wait<Value: Sendable>(
        _ what: String, within limit: Duration, checking check: @escaping @Sendable () async throws -> Value?
    ) async throws -> Value {
        try await within(limit, what) {
            while true {
                let seen = self.count
                if let value = try await check() { return value }
                _ = try await self.wait(.match(from: seen) { _ in true })
            }
        }
    }

    /// Registers a waiter for `check` (or returns at once when it already holds).
    private func wait(_ check: Check) async throws -> Outcome {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let outcome: Outcome? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
                let now: Outcome?? = state.withLock { state in
                    if let index = Self.satisfied(check, in: state.entries, newFrom: 0) { return .some((state.entries, index)) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = Waiter(check: check, continuation: continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
        }
        guard let outcome else { throw CancellationError() }
        return outcome
    }

    /// Where `check` is satisfied in `entries` (those from `newFrom` on are new since it was
    /// last asked): the matching entry's index, or the count for a condition; nil when it is not.
    private static func satisfied(_ check: Check, in entries: [Entry], newFrom: Int) -> Int? {
        switch check {
        case .match(let from, let predicate):
            let start = max(from, newFrom)
            guard start < entries.count else { return nil }
            return entries[start...].firstIndex { predicate($0.event) }
        case .condition(let condition):
            return condition(entries.map(\.event)) ? entries.count : nil
        }
    }
}

import Synchronization

/// What a test observed, in order, recorded from any task or thread; waiters wake at every
/// new entry.
///
/// The one event primitive of the tests: executions of test jobs, listener and handler calls,
/// session events, a child process's output lines and its exit, changes in a directory
/// (`DirectoryWatch`) are recorded here, and a test waits for a condition over the entries
/// with a deadline (`wait(_:within:until:)`, through `within`). A condition is re-checked when
/// an entry arrives, never on a timer. State kept elsewhere that changes only when entries
/// arrive (files a process writes, say) is waited for with `wait(_:within:checking:)`.
public final class Recorder<Entry: Sendable>: Sendable {
    private struct Waiter {
        let condition: @Sendable ([Entry]) -> Bool
        let continuation: CheckedContinuation<[Entry]?, Never>
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    /// An empty record.
    public init() {}

    /// Records `entry` and wakes the waiters whose condition now holds.
    public func record(_ entry: Entry) {
        record(contentsOf: [entry])
    }

    /// Records `entries` in order (one wake-up for all of them).
    public func record(contentsOf entries: [Entry]) {
        guard !entries.isEmpty else { return }
        let ready = state.withLock { state -> [(CheckedContinuation<[Entry]?, Never>, [Entry])] in
            state.entries.append(contentsOf: entries)
            let all = state.entries
            var ready: [(CheckedContinuation<[Entry]?, Never>, [Entry])] = []
            for (id, waiter) in state.waiters where waiter.condition(all) {
                state.waiters.removeValue(forKey: id)
                ready.append((waiter.continuation, all))
            }
            return ready
        }
        for (continuation, all) in ready { continuation.resume(returning: all) }
    }

    /// Every entry so far.
    public var all: [Entry] { state.withLock { $0.entries } }

    /// How many entries so far.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Waits, with no deadline of its own, until `condition` holds for the entries; returns
    /// them. Throws `CancellationError` when the waiting task is cancelled first (as `within`
    /// does at its deadline).
    ///
    /// `condition` runs under the record's lock, at each new entry: it must be a pure function
    /// of the entries (it must not touch this record).
    @discardableResult
    public func wait(until condition: @escaping @Sendable ([Entry]) -> Bool) async throws -> [Entry] {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let satisfied: [Entry]? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Entry]?, Never>) in
                let now: [Entry]?? = state.withLock { state in
                    if condition(state.entries) { return .some(state.entries) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
        }
        guard let satisfied else { throw CancellationError() }
        return satisfied
    }

    /// Waits until `condition` holds for the entries, failing with `TimedOut` after `limit`;
    /// returns them. What already holds is returned at once, whatever the limit.
    @discardableResult
    public func wait(
        _ what: String, within limit: Duration, until condition: @escaping @Sendable ([Entry]) -> Bool
    ) async throws -> [Entry] {
        let now = all
        if condition(now) { return now }
        return try await within(limit, what) { try await self.wait(until: condition) }
    }

    /// Waits until `found` returns a value for the entries, failing with `TimedOut` after
    /// `limit`.
    public func first<Value: Sendable>(
        _ what: String, within limit: Duration, _ found: @escaping @Sendable ([Entry]) -> Value?
    ) async throws -> Value {
        let entries = try await wait(what, within: limit) { found($0) != nil }
        guard let value = found(entries) else { throw TimedOut(what: what, after: limit) }
        return value
    }

    /// Evaluates `check` now and again after each new entry until it returns a value,
    /// failing with `TimedOut` after `limit`: for state kept outside the record that changes
    /// only when an entry arrives (the record announces the change).
    public func wait<Value: Sendable>(
        _ what: String, within limit: Duration, checking check: @escaping @Sendable () async throws -> Value?
    ) async throws -> Value {
        try await within(limit, what) {
            while true {
                let seen = self.count
                if let value = try await check() { return value }
                try await self.wait { $0.count > seen }
            }
        }
    }
}

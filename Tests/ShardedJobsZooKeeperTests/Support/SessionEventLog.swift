import ShardedJobsZooKeeper
import TestSupport

/// Records a client's session events with their arrival instants, and lets a test wait for one.
final class SessionEventLog: Sendable {
    /// An event and when it arrived.
    struct Entry: Sendable {
        let event: SessionEvent
        let at: ContinuousClock.Instant
    }

    private let entries = Recorder<Entry>()
    private let listener: Task<Void, Never>

    init(_ client: ZooKeeperClient) {
        let events = client.sessionEvents()
        listener = Task { [entries] in
            for await event in events { entries.record(Entry(event: event, at: .now)) }
        }
    }

    deinit { listener.cancel() }

    /// All events so far.
    var events: [SessionEvent] { entries.all.map(\.event) }

    /// The number of events so far; pass it as `after` to wait only for later events.
    var count: Int { entries.count }

    /// Waits for the first event at index `after` or later that matches, within `limit`.
    func wait(
        for what: String, after: Int = 0, within limit: Duration,
        where predicate: @escaping @Sendable (SessionEvent) -> Bool
    ) async throws -> Entry {
        try await entries.first(what, within: limit) { $0.dropFirst(after).first { predicate($0.event) } }
    }
}

extension SessionEvent {
    var isConnected: Bool { if case .connected = self { true } else { false } }
    var isLost: Bool { if case .lost = self { true } else { false } }
}

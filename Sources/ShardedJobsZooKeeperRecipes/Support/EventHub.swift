import Synchronization

/// Fans a recipe's events out to any number of subscribers, in order, with an optional replay
/// of the present.
///
/// `publish` sets what a new subscriber is first told (`present`, such as "you are leader")
/// and delivers the event to every current subscriber under one lock, so a subscriber never
/// misses the state it subscribed in and never sees it twice. After `finish()` new
/// subscribers get the present and an ended sequence.
final class EventHub<Event: Sendable>: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextID = 0
        var present: [Event] = []
        var finished = false
    }

    private let state = Mutex(State())

    init(present: [Event] = []) {
        state.withLock { $0.present = present }
    }

    /// A new sequence: the present, then every later event.
    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let id: Int? = state.withLock { state in
            for event in state.present { continuation.yield(event) }
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Delivers `event` to every subscriber and, when given, makes `present` the replay for new ones.
    func publish(_ event: Event, present: [Event]? = nil) {
        state.withLock { state in
            if let present { state.present = present }
            for subscriber in state.subscribers.values { subscriber.yield(event) }
        }
    }

    /// Ends every subscriber's sequence; later subscribers get the present and an ended sequence.
    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}

import Synchronization

/// Fans the client's session events out to any number of subscribers, in order.
///
/// A new subscriber first receives the events that describe the present (`connected` with the
/// current session, then `suspended` if the connection is down), so that it can never miss the
/// state it subscribed in. Publishing and subscribing share one lock, so there is no gap and no
/// duplicate between that replay and live events.
final class EventBroadcaster: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<SessionEvent>.Continuation] = [:]
        var nextID = 0
        var present: [SessionEvent] = []
        var finished = false
    }

    private let state = Mutex(State())

    func subscribe() -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .unbounded)
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

    func publish(_ event: SessionEvent) {
        state.withLock { state in
            switch event {
            case .connected: state.present = [event]
            case .suspended: state.present.append(event)
            case .reconnected: state.present.removeAll { $0 == .suspended }
            case .lost: state.present = []
            }
            for (_, subscriber) in state.subscribers.sorted(by: { $0.key < $1.key }) { subscriber.yield(event) }
        }
    }

    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            state.present = []
            defer { state.subscribers.removeAll() }
            return state.subscribers.sorted { $0.key < $1.key }.map(\.value)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}

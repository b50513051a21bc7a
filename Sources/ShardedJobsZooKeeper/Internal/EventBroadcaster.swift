/// Fans the client's session events out to any number of subscribers, in order.
///
/// A new subscriber first receives the events that describe the present (`connected` with the
/// current session, then `suspended` if the connection is down), so that it can never miss the
/// state it subscribed in; the `EventHub` beneath keeps that replay and the live events under
/// one lock, so there is no gap and no duplicate between them.
final class EventBroadcaster: Sendable {
    private let hub = EventHub<SessionEvent>()

    func subscribe() -> AsyncStream<SessionEvent> {
        hub.subscribe()
    }

    func publish(_ event: SessionEvent) {
        hub.publish(event) { present in
            switch event {
            case .connected: present = [event]
            case .suspended: present.append(event)
            case .reconnected: present.removeAll { $0 == .suspended }
            case .lost: present = []
            }
        }
    }

    func finish() {
        hub.finish(clearingPresent: true)
    }
}

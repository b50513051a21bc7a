import Synchronization

/// Fans events out to any number of subscribers, in order, with a replay of the present: the
/// one fan-out of the client (its session events) and of the recipes (their own events).
///
/// `publish` updates what a new subscriber is first told (`present`, such as "connected with
/// session S" or "you are leader") and delivers the event to every current subscriber under
/// one lock, so a subscriber never misses the state it subscribed in and never sees it twice.
/// After `finish()` new subscribers get the present and an ended sequence.
///
/// A subscriber whose sequence ended is forgotten at the next `publish` or `subscribe`, never
/// from its termination handler: the runtime calls that handler while it holds the cancelled
/// task's status lock, and `publish` resumes subscribers' tasks — each of which takes that
/// lock — while holding the hub's. A handler that took the hub's lock would let a
/// cancellation and a publish deadlock (it did: a task cancelled while a session event was
/// published held both of the 2 threads of a 2-core machine's pool).
package final class EventHub<Event: Sendable>: Sendable {
    /// A subscriber's continuation and whether its sequence ended.
    private struct Subscriber {
        let continuation: AsyncStream<Event>.Continuation
        let ended: EndFlag
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var present: [Event] = []
        var finished = false

        mutating func forgetEnded() {
            subscribers = subscribers.filter { !$0.value.ended.isSet }
        }
    }

    private let state = Mutex(State())

    /// A hub whose new subscribers are first told `present`.
    package init(present: [Event] = []) {
        state.withLock { $0.present = present }
    }

    /// A new sequence: the present, then every later event.
    package func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let ended = EndFlag()
        continuation.onTermination = { _ in ended.set() }
        let subscribed = state.withLock { state in
            state.forgetEnded()
            for event in state.present { continuation.yield(event) }
            guard !state.finished else { return false }
            state.subscribers[state.nextID] = Subscriber(continuation: continuation, ended: ended)
            state.nextID += 1
            return true
        }
        if !subscribed { continuation.finish() }
        return stream
    }

    /// Delivers `event` to every subscriber and, when given, makes `present` the replay for
    /// new ones.
    package func publish(_ event: Event, present: [Event]? = nil) {
        publish(event) { current in
            if let present { current = present }
        }
    }

    /// Delivers `event` to every subscriber after `update` changed the replay for new ones,
    /// under the same lock.
    package func publish(_ event: Event, updatingPresent update: (inout [Event]) -> Void) {
        state.withLock { state in
            update(&state.present)
            state.forgetEnded()
            for id in state.subscribers.keys.sorted() { state.subscribers[id]?.continuation.yield(event) }
        }
    }

    /// Ends every subscriber's sequence and clears the replay (when `clearingPresent`); later
    /// subscribers get the present and an ended sequence.
    package func finish(clearingPresent: Bool = false) {
        let subscribers = state.withLock { state in
            state.finished = true
            if clearingPresent { state.present = [] }
            defer { state.subscribers.removeAll() }
            return state.subscribers.values.map(\.continuation)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}

/// Set once a subscriber's sequence ended; lock-free, so a termination handler may set it.
private final class EndFlag: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() {
        value.store(true, ordering: .releasing)
    }
}

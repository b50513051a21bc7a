import Foundation
import Synchronization
import Testing
@testable import ShardedJobsZooKeeper

/// The fan-out of session and recipe events (`EventHub`): the replay of the present, order,
/// the end, and subscribers cancelled while events are published.
@Suite("Event hub")
struct EventHubTests {
    @Test("a new subscriber gets the present, then every later event in order; after finish, the present and an end")
    func replayAndOrder() async {
        let hub = EventHub<Int>(present: [0])
        let early = hub.subscribe()
        hub.publish(1) { $0 = [1] }
        let late = hub.subscribe()
        hub.publish(2, present: [2])
        hub.finish()
        let afterEnd = hub.subscribe()
        #expect(await Array(early) == [0, 1, 2])
        #expect(await Array(late) == [1, 2])
        #expect(await Array(afterEnd) == [2])
    }

    @Test("a subscriber whose sequence ended is forgotten and gets nothing more")
    func endedSubscriberForgotten() async {
        let hub = EventHub<Int>()
        let kept = hub.subscribe()
        let consumer = Task { for await _ in hub.subscribe() {} }
        consumer.cancel()
        await consumer.value
        hub.publish(1)
        hub.finish()
        #expect(await Array(kept) == [1])
    }

    /// The runtime runs a stream's termination handler while it holds the cancelled task's
    /// status lock, and a publish resumes that task (taking the lock) while holding the hub's.
    /// When the handler took the hub's lock too, a cancellation racing a publish deadlocked
    /// both threads — in CI, the two threads of a 2-core machine's pool, and the whole run.
    /// Here the cancelling and publishing threads are plain threads, so a deadlock shows as
    /// rounds that stop advancing, which the deadline reports.
    @Test("subscribers cancelled on one thread while another publishes: every round ends (a lock-order deadlock once)")
    func cancellationRacingPublish() async throws {
        let hub = EventHub<Int>()
        let rounds = 2_000
        let done = Counter()
        Thread.detachNewThread {
            for _ in 0..<rounds {
                let stream = hub.subscribe()
                let consumer = Task { for await _ in stream {} }
                for _ in 0..<50 where !consumer.isCancelled { sched_yield() }
                consumer.cancel()
                done.increment()
            }
        }
        Thread.detachNewThread {
            while done.value < rounds { hub.publish(0) }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while done.value < rounds, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(done.value == rounds, "stuck after \(done.value) of \(rounds) rounds: the cancelling and publishing threads deadlocked")
    }

    /// A count shared by plain threads.
    private final class Counter: Sendable {
        private let count = Atomic(0)
        var value: Int { count.load(ordering: .acquiring) }
        func increment() { count.add(1, ordering: .releasing) }
    }
}

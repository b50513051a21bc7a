import Synchronization
import TestSupport
import ShardedJobsZooKeeper
@testable import ShardedJobsZooKeeperRecipes

/// Checks, at every leadership event of any contender, that at most one contender claims
/// leadership and that the claimer's node is the lowest sequence node of the latch and owned
/// by the claimer's session — read from the server through an independent observer client.
///
/// A claim is judged only if it is unchanged after the server read (the read takes time, and a
/// legitimate hand-over may happen meanwhile); two simultaneous claims are always a violation.
final class LeadershipSampler: Sendable {
    /// A contender's event, tagged with the contender's index.
    struct Tagged: Sendable {
        let index: Int
        let event: LeaderLatch.Event
    }

    private struct State {
        var samples = 0
        var confirmedClaims = 0
        var violations: [String] = []
    }

    private let latches: [LeaderLatch]
    private let clients: [ZooKeeperClient]
    private let observer: ZooKeeperClient
    private let path: String
    private let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// Every contender's events, merged, for tests to wait on.
    let log: EventLog<Tagged>

    init(latches: [LeaderLatch], clients: [ZooKeeperClient], observer: ZooKeeperClient, path: String) {
        self.latches = latches
        self.clients = clients
        self.observer = observer
        self.path = path
        let (merged, sink) = AsyncStream.makeStream(of: Tagged.self)
        let (triggers, trigger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        log = EventLog(merged)
        var tasks: [Task<Void, Never>] = []
        for (index, latch) in latches.enumerated() {
            let events = latch.events()
            tasks.append(
                Task {
                    for await event in events {
                        sink.yield(Tagged(index: index, event: event))
                        trigger.yield()
                    }
                })
        }
        tasks.append(
            Task { [weak self] in
                for await _ in triggers { await self?.sample() }
            })
        self.tasks.withLock { $0 = tasks }
    }

    deinit { tasks.withLock { $0.forEach { $0.cancel() } } }

    var samples: Int { state.withLock { $0.samples } }
    var confirmedClaims: Int { state.withLock { $0.confirmedClaims } }
    var violations: [String] { state.withLock { $0.violations } }

    private func claims() -> [(Int, LeaderLatch.Leadership)] {
        latches.enumerated().compactMap { index, latch in latch.leadership.map { (index, $0) } }
    }

    /// Samples now (besides the samples taken at each event); tests call it at stable points.
    func sample() async {
        let before = claims()
        state.withLock { $0.samples += 1 }
        if before.count > 1 {
            record("\(before.count) contenders claim leadership: \(before.map(\.0))")
            return
        }
        guard let (index, leadership) = before.first else { return }
        guard let names = try? await observer.getChildren(path).names,
            let lowest = ProtectedName.queue(names, lockName: "latch").first,
            let stat = try? await observer.exists(ZooKeeperPath.join(path, lowest))
        else { return }
        let after = claims()
        guard after.count == 1, after[0].0 == index, after[0].1 == leadership else {
            if after.count > 1 { record("\(after.count) contenders claim leadership: \(after.map(\.0))") }
            return
        }
        state.withLock { $0.confirmedClaims += 1 }
        if ZooKeeperPath.join(path, lowest) != leadership.nodePath {
            record("contender \(index) claims with \(leadership.nodePath) but the lowest node is \(lowest)")
        }
        if stat.ephemeralOwner != leadership.sessionID || clients[index].session?.id != leadership.sessionID {
            record(
                "contender \(index)'s node is owned by \(stat.ephemeralOwner), its leadership by \(leadership.sessionID), "
                    + "its session is \(clients[index].session?.id ?? 0)")
        }
    }

    private func record(_ violation: String) {
        state.withLock { $0.violations.append(violation) }
    }
}

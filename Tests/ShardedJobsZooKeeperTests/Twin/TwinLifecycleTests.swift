import Logging
import Testing
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin
@_spi(Simulation) import TestSupport

/// How the client reports what keeps it from a session, on the twin with a manual clock
/// (fast tier; `LifecycleErrorTests` checks the same against real servers).
@Suite("Client lifecycle errors on the twin")
struct TwinLifecycleTests {
    @Test("a host that does not resolve: an error naming it at once, at most every 30 s, a session once it resolves")
    func unresolvableThenResolvable() async throws {
        try await withTwin { twin in
            let clock = try twin.manualClock
            let log = CapturedLog()
            twin.setUnresolvable("w1", true)
            let client = twin.client("w1", logger: log.logger(label: "zk"))
            let runner = Task { try await client.run() }
            defer { runner.cancel() }
            let first = try await log.wait(for: "the error", within: .seconds(5)) { $0.level == .error }
            #expect(first.message.contains("twin1:2181") && first.message.contains("does not resolve"), "\(first)")
            try await clock.step(by: .seconds(95), step: .milliseconds(250))
            let errors = log.lines.filter { $0.level == .error }
            #expect((3...4).contains(errors.count), "repeated while it lasts, at most every 30 s: \(errors)")
            #expect(log.lines.filter { $0.level == .debug && $0.message.contains("does not resolve") }.count >= 5, "retried with backoff")
            twin.setUnresolvable("w1", false)
            try await clock.step(by: .seconds(6), step: .milliseconds(100))
            _ = try await within(.seconds(5), "a session") { try await client.waitForSession() }
            try await log.wait(for: "the end of the problem", within: .seconds(5)) { $0.message.contains("reachable again") }
        }
    }

    @Test("credentials the servers refuse end run() with an error saying AUTH_FAILED")
    func authenticationFailed() async throws {
        try await withTwin { twin in
            twin.failAuthentication(of: "w1")
            let client = twin.client("w1", digest: "alice:secret")
            let error = await #expect(throws: ZooKeeperError.self) {
                try await within(.seconds(5), "run() to end") { try await client.run() }
            }
            #expect(error?.code == .authFailed)
            #expect("\(error.map { "\($0)" } ?? "")".contains("AUTH_FAILED"))
        }
    }

    @Test("run() is refused a second time")
    func runTwice() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("w1")]) { clients in
                let error = await #expect(throws: ZooKeeperError.self) { try await clients[0].run() }
                #expect(error?.code == .badArguments && error?.detail == "the client runs only once")
            }
        }
    }
}

import Testing
import TestSupport

extension ServerTests {
    /// The twin's contract (docs/testing.md): each script runs against real ZooKeeper 3.8 and
    /// against the twin, and both must give the same trace.
    @Suite("Differential: the twin against a real server")
    struct DifferentialTests {
        static func compare(_ script: @escaping DifferentialScripts.Script) async throws {
            let real = try await RealTarget.withServer { try await script($0) }
            let twin = try await TwinTarget.withServer { try await script($0) }
            #expect(twin == real, "\n real: \(real.joined(separator: "\n       "))\n twin: \(twin.joined(separator: "\n       "))")
        }

        static func compareOnEnsembles(syncLimit: Int, _ script: @escaping DifferentialScripts.Script) async throws {
            let real = try await RealTarget.withEnsemble(syncLimit: syncLimit) { try await script($0) }
            let twin = try await TwinTarget.withEnsemble(syncLimit: syncLimit) { try await script($0) }
            #expect(twin == real, "\n real: \(real.joined(separator: "\n       "))\n twin: \(twin.joined(separator: "\n       "))")
        }

        @Test("stats, zxids (failed writes take one), cversion, pzxid, sequential names, error order")
        func stats() async throws { try await Self.compare(DifferentialScripts.stats) }

        @Test("a failed multi: ok before, the error at, runtimeInconsistency after the failing operation")
        func multiResults() async throws { try await Self.compare(DifferentialScripts.multiResults) }

        @Test("watches fire once with their kind, before the reply to a later read showing the change")
        func watches() async throws { try await Self.compare(DifferentialScripts.watches) }

        @Test("watches survive a reconnect and fire for changes missed meanwhile")
        func watchesAcrossReconnect() async throws { try await Self.compare(DifferentialScripts.watchesAcrossReconnect) }

        @Test("in-flight requests fail with connectionLoss, applied or not")
        func inFlightConnectionLoss() async throws { try await Self.compare(DifferentialScripts.inFlightConnectionLoss) }

        @Test("a slow link: requests land late and in order, the session lives")
        func slowLink() async throws { try await Self.compare(DifferentialScripts.slowLink) }

        @Test("expiry by the leader's clock while the cut-off client hears nothing")
        func expiry() async throws { try await Self.compare(DifferentialScripts.expiry) }

        @Test("a follower cut off from its leader serves reads and pings for syncLimit × tickTime; writes, sync and what queues behind them wait")
        func cutFollower() async throws { try await Self.compareOnEnsembles(syncLimit: 10, DifferentialScripts.cutFollower) }

        @Test("per-session order and read-your-writes on a follower that lags behind its leader")
        func followerOrder() async throws { try await Self.compareOnEnsembles(syncLimit: 10, DifferentialScripts.followerOrder) }

        @Test("no reconnect to a member behind the last zxid the client saw")
        func behindMember() async throws { try await Self.compareOnEnsembles(syncLimit: 25, DifferentialScripts.behindMember) }
    }
}

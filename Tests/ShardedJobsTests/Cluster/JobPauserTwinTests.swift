import Foundation
import Logging
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// The pause of `pauseAfterConsecutiveFailures` against the twin (fast tier: no server).
@Suite("Job pause on the twin")
struct JobPauserTwinTests {
    @Test("a pause disables every server, closes the gap of every item that could run, and writes the note; a second pause keeps the first note")
    func pauseWritesEverything() async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let client = twin.client("pauser", namespace: "sim")
            try await withRunning([client], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.servers, paths.sharding] { try await client.create(path) }
                for ip in ["10.0.0.1", "10.0.0.2"] { try await client.create(paths.server(ip), data: Array("ENABLED".utf8)) }
                for item in 0..<2 { try await client.create(paths.item(item), data: Array("1000".utf8)) }
                try await client.create(paths.itemDisabled(1))
                let pauser = JobPauser(client: client, paths: paths, logger: Logger(label: "test"))
                try await clock.running { await pauser.pause(note: "first") }
                try await clock.running { await pauser.pause(note: "second") }
                try await clock.running {
                    #expect(try await client.getData(paths.pause).string == "first")
                    for ip in ["10.0.0.1", "10.0.0.2"] { #expect(try await client.getData(paths.server(ip)).string == "DISABLED") }
                    // Item 0 could run: its gap opens at the pause; item 1 was disabled already.
                    let gap = try await client.getData(paths.itemGap(0))
                    #expect(ItemGap(gap.string, version: gap.stat.version, modifiedAt: gap.stat.mtime)?.isOpen == true)
                    #expect(try await client.exists(paths.itemGap(1)) == nil)
                }
            }
        }
    }
}

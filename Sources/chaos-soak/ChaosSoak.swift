// A long soak of the chaos suite: a seeded random mix of its scenarios (worker kill -9 and
// freeze, server restarts within and past the session timeout, ensemble member, leader and
// quorum loss, rolling restarts) on one bench-worker cluster, checked at the end by the
// execution checker; prints its summary line (`item-fires checked N, duplicates D, lost L, …`) last.
//
//   swift build -c release --enable-all-traits --product bench-worker --product chaos-soak
//   .build/release/chaos-soak --seed 42 --duration 30m [--workers 3] [--zk ensemble|single] [--zk-property NAME=VALUE]
import ArgumentParser
import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting

/// The soak's command line and its run.
@main
struct ChaosSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos-soak",
        abstract: "Runs a seeded random mix of the chaos scenarios and checks for duplicates and lost item-fires.",
        discussion: "Exit status 0 when the check is clean, 1 when it found a duplicate or a lost item-fire, 2 when the run failed.")

    @Option(help: "The seed of the fault sequence.")
    var seed: UInt64

    @Option(help: "How long faults are injected: seconds, or with a unit (90s, 30m, 1h).", transform: SoakDuration.parse)
    var duration: Int

    @Option(help: "How many workers run at once.")
    var workers = 3

    @Option(help: "ensemble (3 nodes; every fault) or single (one server; no ensemble fault).")
    var zk = "ensemble"

    @Option(help: "Items of the soak's job (it fires every second).")
    var items = 10

    @Option(help: "Each item's work, in milliseconds.")
    var workMs = 300

    @Option(help: "The workers' session timeout, in milliseconds.")
    var sessionMs = 4000

    @Option(help: "A Java system property for every ZooKeeper member, as NAME=VALUE (repeatable), e.g. zookeeper.forceSnapshotSync=true.")
    var zkProperty: [String] = []

    @Flag(help: "Keep the workers' output even when the check is clean.")
    var keepLogs = false

    mutating func validate() throws {
        guard workers >= 2 else { throw ValidationError("--workers must be at least 2") }
        guard ["ensemble", "single"].contains(zk) else { throw ValidationError("--zk must be ensemble or single") }
        guard items >= 1, workMs >= 0, workMs < 1000, sessionMs >= 1000 else {
            throw ValidationError("--items ≥ 1, 0 ≤ --work-ms < 1000, --session-ms ≥ 1000")
        }
    }

    func run() async throws {
        var serverConfiguration = ZooKeeperServerConfiguration()
        serverConfiguration.minSessionTimeout = .seconds(1)
        let target: SoakTarget
        do {
            try serverConfiguration.addSystemProperties(zkProperty)
            target =
                zk == "single"
                ? .single(try await ZooKeeperServer.start(configuration: serverConfiguration))
                : .ensemble(try await ZooKeeperEnsemble.start(configuration: serverConfiguration))
        } catch {
            FileHandle.standardError.write(Data("chaos-soak: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var options = WorkerOptions()
        options.items = items
        options.workMillis = workMs
        options.sessionTimeoutMillis = sessionMs
        let cluster = try ChaosCluster(connectString: target.connectString, options: options, name: "soak-\(seed)")
        let report: CheckReport
        do {
            let runner = SoakRunner(cluster: cluster, target: target, seed: seed, workers: workers, seconds: duration)
            report = try await runner.run()
        } catch {
            await cluster.stopAll(grace: .seconds(10))
            await target.shutdown()
            FileHandle.standardError.write(Data("chaos-soak: \(error)\nlogs: \(cluster.directory)\n".utf8))
            throw ExitCode(2)
        }
        await target.shutdown()
        print(await cluster.describe(report, limit: 20), terminator: "")
        if report.isClean && !keepLogs { await cluster.removeFiles() }
        if !report.isClean { throw ExitCode(1) }
    }
}

/// Parses `--duration`.
enum SoakDuration {
    /// `90`, `90s`, `30m` or `1h` as seconds.
    static func parse(_ text: String) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        let (digits, unit) = text.last.flatMap { units[$0] }.map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Int(digits), value > 0 else { throw ValidationError("--duration: \"\(text)\" is not a duration") }
        return value * unit
    }
}

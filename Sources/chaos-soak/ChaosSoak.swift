// A long soak of the chaos suite: a seeded random mix of its scenarios (worker kill -9 and
// freeze, server restarts within and past the session timeout, ensemble member, leader and
// quorum loss, rolling restarts, and with a network lab: workers cut off within and past their
// session, flapping links, the job leader cut while resharding, a member cut off with a worker
// beside it) on one bench-worker cluster, checked at the end by the execution checker; prints
// the fault counts per kind, the duplicates set apart as ZooKeeper's lost writes, and its
// summary line (`item-fires checked N, duplicates D, lost L, …`) last.
//
//   swift build -c release --product bench-worker --product chaos-soak --scratch-path .build-release
//   .build-release/release/chaos-soak --seed 42 --faults 300 [--duration 30m] [--workers 3] \
//       [--zk ensemble|single] [--zk-property NAME=VALUE] [--require-netns] [--keep-logs]
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
        discussion: """
            Faults are injected until --duration has passed or --faults were injected, whichever comes first. \
            Network faults need a network lab (root, iproute2); without one they are left out, unless \
            --require-netns or SHARDED_REQUIRE_NETNS=1 makes that an error. \
            Exit status 0 when the check is clean, 1 when it found a duplicate or a lost item-fire, 2 when the run failed.
            """)

    @Option(help: "The seed of the fault sequence.")
    var seed: UInt64

    @Option(help: "How long faults are injected: seconds, or with a unit (90s, 30m, 1h).", transform: SoakDuration.parse)
    var duration: Int?

    @Option(help: "How many faults are injected.")
    var faults: Int?

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

    @Option(help: "The servers' tickTime, in milliseconds (a cut-off follower serves alone for 5 ticks).")
    var tickMs = 200

    @Option(help: "A Java system property for every ZooKeeper member, as NAME=VALUE (repeatable), e.g. zookeeper.forceSnapshotSync=true.")
    var zkProperty: [String] = []

    @Option(help: "Draw only this fault kind (repeatable; the names of the fault counts, e.g. cut-member).")
    var only: [String] = []

    @Flag(help: "Fail (exit 2) when no network lab can be built, instead of leaving the network faults out.")
    var requireNetns = false

    @Flag(help: "Keep the workers' output and the members' logs even when the check is clean.")
    var keepLogs = false

    mutating func validate() throws {
        guard duration != nil || faults != nil else { throw ValidationError("give --duration, --faults or both") }
        guard faults.map({ $0 >= 1 }) ?? true else { throw ValidationError("--faults must be at least 1") }
        let unknown = only.filter { SoakFault(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw ValidationError("--only: unknown \(unknown.joined(separator: ", ")); kinds: \(SoakFault.allCases.map(\.rawValue).joined(separator: " "))")
        }
        guard workers >= 2 else { throw ValidationError("--workers must be at least 2") }
        guard ["ensemble", "single"].contains(zk) else { throw ValidationError("--zk must be ensemble or single") }
        guard items >= 1, workMs >= 0, workMs < 1000, sessionMs >= 1000, tickMs >= 50, 2 * tickMs <= sessionMs else {
            throw ValidationError("--items ≥ 1, 0 ≤ --work-ms < 1000, --session-ms ≥ 1000, 50 ≤ --tick-ms ≤ --session-ms / 2")
        }
    }

    func run() async throws {
        let lab = try await makeLab()
        let trap = SoakTrap { await lab?.remove() }
        defer { withExtendedLifetime(trap) {} }
        let since = ChaosClock.nowMillis()
        let network: SoakNetwork?
        let target: SoakTarget
        do {
            if let lab {
                network = try await SoakNetwork.build(in: lab, members: zk == "single" ? 1 : 3, workers: workers)
            } else {
                network = nil
            }
            target = try await SoakTarget.start(
                ensemble: zk == "ensemble", configuration: try serverConfiguration(), hosts: network?.memberHosts ?? [])
        } catch {
            await lab?.remove()
            fail("\(error)")
        }
        var options = WorkerOptions()
        options.items = items
        options.workMillis = workMs
        options.sessionTimeoutMillis = sessionMs
        let cluster: ChaosCluster
        let outcome: SoakRunner.Outcome
        do {
            cluster = try ChaosCluster(connectString: target.connectString, options: options, name: "soak-\(seed)")
        } catch {
            await target.shutdown()
            await lab?.remove()
            fail("\(error)")
        }
        let runner = SoakRunner(
            cluster: cluster, target: target, network: network, seed: seed, workers: workers, seconds: duration,
            faultLimit: faults, only: Set(only.compactMap(SoakFault.init(rawValue:))))
        do {
            outcome = try await runner.run()
        } catch {
            await cluster.stopAll(grace: .seconds(10))
            _ = target.keepLogs(in: cluster.directory)
            await target.shutdown()
            await lab?.remove()
            fail("\(error)\nlogs: \(cluster.directory)")
        }
        let memberLogs = target.keepLogs(in: cluster.directory)
        await target.shutdown()
        await lab?.remove()
        let signatures = LostWriteSignature.find(in: memberLogs, since: since)
        let (report, apart) = LostWriteSignature.setApart(outcome.report, signatures: signatures)
        let notes = header(network: network) + outcome.tally.render(candidates: runner.candidates)
            + Self.render(apart: apart, signatures: signatures)
        print(await cluster.describe(report, limit: 20, notes: notes), terminator: "")
        if report.isClean && apart.isEmpty && !keepLogs { await cluster.removeFiles() }
        if !report.isClean { throw ExitCode(1) }
    }

    /// The network lab, nil (with a note) when this machine cannot build one and none is
    /// required.
    private func makeLab() async throws -> NetworkLab? {
        if let reason = NetworkLab.unavailability {
            if requireNetns || NetworkLab.isRequired { fail("no network lab: \(reason)") }
            FileHandle.standardError.write(Data("chaos-soak: no network lab (\(reason)): the network faults are left out\n".utf8))
            return nil
        }
        do {
            return try await NetworkLab.create()
        } catch {
            fail("\(error)")
        }
    }

    /// The servers' configuration: sessions from 1 s, `--tick-ms`, the `--zk-property`
    /// properties, and UTC logs (the lost-write signature is read by time of day).
    private func serverConfiguration() throws -> ZooKeeperServerConfiguration {
        var configuration = ZooKeeperServerConfiguration()
        configuration.minSessionTimeout = .seconds(1)
        configuration.tickTime = .milliseconds(tickMs)
        configuration.extraJVMOptions.append("-Duser.timezone=UTC")
        try configuration.addSystemProperties(zkProperty)
        return configuration
    }

    /// `soak: seed …, …` — what the run was.
    private func header(network: SoakNetwork?) -> String {
        let properties = zkProperty.isEmpty ? "none" : zkProperty.joined(separator: " ")
        return "soak: seed \(seed), zk \(zk) (tick \(tickMs) ms, properties \(properties)), \(workers) workers, "
            + "\(items) items of \(workMs) ms every second, \(sessionMs) ms sessions, "
            + (network == nil ? "no network lab\n" : "network lab \(network?.lab.runID ?? "")\n")
    }

    /// The duplicates set apart as ZooKeeper's lost writes, each with its signature's lines.
    static func render(
        apart: [(duplicate: CheckReport.Duplicate, signature: LostWriteSignature)], signatures: [LostWriteSignature]
    ) -> String {
        var out = "ZooKeeper lost-write signatures in the members' logs: \(signatures.count)\n"
        out += "duplicates set apart (within 15 s after a signature: ZooKeeper lost acknowledged writes): \(apart.count)\n"
        var shown: Set<LostWriteSignature> = []
        for (duplicate, signature) in apart {
            out += "  job \(duplicate.job) fire \(duplicate.scheduledFire) item \(duplicate.item)\n"
            out += "    \(duplicate.first)\n    \(duplicate.second)\n"
            if shown.insert(signature).inserted {
                out += signature.lines.map { "    zk \($0)\n" }.joined()
            }
        }
        return out
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("chaos-soak: \(message)\n".utf8))
        Foundation.exit(2)
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

// Probes whether the test ensemble (Debian's ZooKeeper 3.8.0, ZooKeeperTesting's
// configuration, as chaos-soak runs it) keeps acknowledged writes through the soak's quorum
// loss: writers on different members do versioned multis in a tight loop; each round
// optionally kills and restarts the leader, then stops two members (SIGTERM, one after the
// other), keeps them down past the writers' sessions, starts them, and reads every writer's
// node through a fresh client (`sync`, then read). A node older than its last acknowledged
// write is a lost acknowledged write.
//
//   swift build --scratch-path .build -c release --enable-all-traits --product zk-durability
//   .build/release/zk-durability [--rounds 20] [--force-sync no|yes] [--property NAME=VALUE] [--out DIR] [--self-check]
import ArgumentParser
import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// The probe's command line and its run.
@main
struct ZooKeeperDurability: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zk-durability",
        abstract: "Checks that a 3-node test ensemble keeps acknowledged writes through the chaos soak's quorum loss.",
        discussion: "Prints one line per round and `rounds R, lost acknowledged writes L (force-sync X)` last. "
            + "Exit status 0 when nothing was lost, 1 when an acknowledged write was lost, 2 when the run failed.")

    @Option(help: "How many rounds.")
    var rounds = 20

    @Option(help: "The members' forceSync: no (the harness's default) or yes.")
    var forceSync = "no"

    @Option(help: "Writers, each connected to one member (member i mod 3).")
    var writers = 3

    @Option(help: "How long the two stopped members stay down, in milliseconds.")
    var downtimeMs = 11_000

    @Option(help: "How long a killed leader stays down, in milliseconds.")
    var killDowntimeMs = 4_000

    @Option(help: "The writers' session timeout, in milliseconds.")
    var sessionMs = 4_000

    @Option(help: "A Java system property for every member, as NAME=VALUE (repeatable), e.g. zookeeper.forceSnapshotSync=true.")
    var property: [String] = []

    @Flag(help: "First roll the ensemble back over acknowledged writes on purpose and require the probe to report them.")
    var selfCheck = false

    @Option(help: "Where the members' logs and data of a round with a loss are copied.")
    var out: String?

    mutating func validate() throws {
        guard rounds >= 1, writers >= 1, downtimeMs >= 0, killDowntimeMs >= 0, sessionMs >= 1000 else {
            throw ValidationError("--rounds ≥ 1, --writers ≥ 1, --downtime-ms ≥ 0, --kill-downtime-ms ≥ 0, --session-ms ≥ 1000")
        }
        guard ["yes", "no"].contains(forceSync) else { throw ValidationError("--force-sync must be yes or no") }
    }

    func run() async throws {
        var logger = Logger(label: "zk-durability")
        logger.logLevel = .critical
        var serverConfiguration = ZooKeeperServerConfiguration()
        serverConfiguration.minSessionTimeout = .seconds(1)
        serverConfiguration.forceSync = forceSync == "yes"
        let ensemble: ZooKeeperEnsemble
        do {
            try serverConfiguration.addSystemProperties(property)
            ensemble = try await ZooKeeperEnsemble.start(configuration: serverConfiguration)
        } catch {
            throw Self.failed(error)
        }
        let directory = out ?? "/tmp/zk-durability-\(forceSync)-\(getpid())"
        let ledger = AckLedger(writers: writers)
        let probe = DurabilityProbe(
            ensemble: ensemble, ledger: ledger, archive: EvidenceArchive(directory: directory),
            downtime: .milliseconds(downtimeMs), killDowntime: .milliseconds(killDowntimeMs),
            sessionTimeout: .milliseconds(sessionMs), logger: logger)
        Self.say("zk-durability: ensemble \(ensemble.connectString) (force-sync \(forceSync)\(property.map { ", -D" + $0 }.joined())), \(writers) writers, \(rounds) rounds, down \(downtimeMs) ms")
        let outcome: Result<[ProbeRound], any Error> = await withTaskGroup(of: Void.self) { group in
            for index in 0..<writers {
                let client = ZooKeeperClient(
                    configuration: .init(
                        connectString: ensemble.servers[index % ensemble.servers.count].connectString,
                        sessionTimeout: .milliseconds(sessionMs)),
                    logger: logger)
                group.addTask { try? await client.run() }
                group.addTask { await ProbeWriter(index: index, client: client, ledger: ledger).run() }
            }
            defer { group.cancelAll() }
            do {
                try await createNodes(on: ensemble, logger: logger)
                if selfCheck {
                    let losses = try await RollbackSelfCheck(probe: probe).run()
                    let count = losses.reduce(0) { $0 + $1.count }
                    Self.say("self-check: a rollback of every member's data was reported as \(count) lost acknowledged write(s)")
                    for loss in losses { Self.say("  " + loss.line) }
                    guard count > 0 else { throw ProbeError("self-check: a rollback went unnoticed") }
                }
                var done: [ProbeRound] = []
                for number in 1...rounds {
                    let round = try await probe.run(round: number)
                    Self.say(round.line)
                    for loss in round.losses { Self.say("  " + loss.line) }
                    if let evidence = round.evidence { Self.say("  members' logs and data copied to \(evidence)") }
                    done.append(round)
                }
                return .success(done)
            } catch {
                return .failure(error)
            }
        }
        await ensemble.shutdown()
        let done: [ProbeRound]
        switch outcome {
        case .success(let rounds): done = rounds
        case .failure(let error): throw Self.failed(error)
        }
        let lost = done.flatMap(\.losses).reduce(0) { $0 + $1.count }
        let losing = done.filter { !$0.losses.isEmpty }.count
        Self.say("acknowledged writes \(done.reduce(0) { $0 + $1.acknowledged }), rounds with a loss \(losing)")
        Self.say("rounds \(done.count), lost acknowledged writes \(lost) (force-sync \(forceSync))")
        if lost > 0 { throw ExitCode(1) }
    }

    /// Reports a run that failed on standard error; returns its exit status, 2.
    static func failed(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("zk-durability: \(error)\n".utf8))
        return ExitCode(2)
    }

    /// Writes a line to standard output at once (unbuffered, so a redirected run shows each
    /// round as it ends).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Creates `/durability` and one node per writer.
    private func createNodes(on ensemble: ZooKeeperEnsemble, logger: Logger) async throws {
        let client = ZooKeeperClient(configuration: .init(connectString: ensemble.connectString), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await client.waitForSession(timeout: .seconds(30))
            _ = try await client.create("/durability")
            for index in 0..<writers { _ = try await client.create(ProbeWriter.path(of: index)) }
        }
    }
}

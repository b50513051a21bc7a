import ExecutionChecker
import Foundation
import Testing
import ShardedJobsZooKeeperTesting
import TestSupport

extension ClusterTests {
    @Suite("Real worker processes")
    struct WorkerProcessTests {
        @Test("kill -9 of one of three workers: the survivors cover all items; a restart rebalances; no duplicate, no loss")
        func killAndRestart() async throws {
            try await ZooKeeperServer.withServer { server in
                let arguments = [
                    server.connectString, "procs", "job", "* * * * * ?", "9", "off", "on", "200", "1", "3000",
                ]
                let output = EventLog<String>()  // every worker's lines (tagged), in arrival order
                var workers = try (1...3).map { try benchWorker(arguments, tag: "w\($0)", output) }
                defer { for worker in workers { worker.terminate() } }
                for worker in workers { try await worker.line(startingWith: "READY", within: .seconds(30)) }
                let start = nowMillis()
                try await output.wait("three fires on three workers", within: .seconds(30)) { fires(in: $0, tags: 3).count >= 3 }

                workers[0].signal(SIGKILL)
                let killedAt = nowMillis()
                try await output.wait("fires on the two survivors", within: .seconds(20)) { lines in
                    fires(in: lines, tags: 2).contains { $0 > killedAt + 3000 }
                }
                let covered = nowMillis()
                print("kill -9: all 9 items on the 2 survivors \(covered - killedAt) ms after the kill (session timeout 3 s)")

                workers.append(try benchWorker(arguments, tag: "w4", output))
                try await workers[3].line(startingWith: "READY", within: .seconds(30))
                let restarted = nowMillis()
                try await output.wait("fires on three workers again", within: .seconds(20)) { lines in
                    fires(in: lines, tags: 3).contains { $0 > restarted }
                }
                for worker in workers.dropFirst() { worker.signal(SIGTERM) }
                for worker in workers.dropFirst() { #expect(try await worker.waitForExit(within: .seconds(30)) == 0) }
                let end = nowMillis()

                let log = ParsedLog(text: output.events.joined(separator: "\n"))
                let report = ExecutionChecker(
                    configuration: .init(
                        jobs: [JobSpec(name: "job", schedule: .periodic(periodMs: 1000, phaseMs: 0), itemCount: 9)],
                        windowStart: start, windowEnd: end, workMs: 200,
                        kills: [.init(tag: "w1", time: killedAt)])
                ).check(log)
                print(report.summary)
                #expect(report.duplicates.isEmpty, "\(report.duplicates)")
                #expect(report.lost.isEmpty, "\(report.lost)")
                #expect(report.itemFiresChecked > 9 * 5)
            }
        }
    }
}

func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

/// Scheduled fires (from EXEC lines) whose 9 items ran on exactly `tags` distinct workers.
func fires(in lines: [String], tags: Int) -> [Int64] {
    var byFire: [Int64: [(tag: String, item: Int)]] = [:]
    for line in lines where line.hasPrefix("EXEC ") {
        let fields = line.split(separator: " ")
        guard fields.count >= 8, let item = Int(fields[2]), let fire = Int64(fields[3]) else { continue }
        byFire[fire, default: []].append((String(fields[1]), item))
    }
    return byFire.filter { Set($0.value.map(\.item)) == Set(0..<9) && Set($0.value.map(\.tag)).count == tags }
        .keys.sorted()
}

/// A `bench-worker` child process tagged `tag`, its lines also recorded in `output`.
func benchWorker(_ arguments: [String], tag: String, _ output: EventLog<String>) throws -> TestProcess {
    try TestProcess(try builtExecutable("bench-worker"), arguments + ["--tag=\(tag)"], name: tag, shared: output)
}

import Foundation
import Testing
import ShardedJobsZooKeeperTesting
import TestSupport

extension ExamplesTests {
    @Suite("The example worker's DataflowJob against a real server", .tier(.server))
    struct DataflowExampleTests {
        /// A `FLOW <tag> <item> <fireMs> <count> <total> <job>` line: one processed batch.
        struct Flow: Equatable {
            let item: Int
            let fire: Int64
            let count: Int
            let total: Int
        }

        @Test("with --export, one fire streams each region into its file in batches until the fetch is empty; later fires copy nothing")
        func oneStreamingFire() async throws {
            try await ZooKeeperServer.withServer { server in
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("example-flow-\(getpid())-\(UUID())")
                defer { try? FileManager.default.removeItem(at: out) }
                var environment = ProcessInfo.processInfo.environment
                environment["WORKER_LOG_LEVEL"] = "warning"
                let worker = try TestProcess(
                    try productDirectory().appendingPathComponent("example-worker"),
                    [
                        "--zk", server.connectString, "--namespace", "example-flow-test", "--cron", "* * * * * ?",
                        "--tag", "t1", "--session-timeout-ms", "5000", "--export", out.path,
                    ],
                    environment: environment)
                defer { worker.terminate() }

                let table = try Self.table()
                let regions = ExampleWorkerTests.regions.map { region in
                    let areas = Set(region.split(separator: "+").map(String.init))
                    return (region, table.filter { areas.contains(String($0.zone.prefix { $0 != "/" })) })
                }
                _ = try await worker.wait(for: "READY", within: .seconds(60)) { $0.first { $0.hasPrefix("READY ") } }
                let copied = try await worker.wait(for: "every region copied", within: .seconds(60)) { lines -> [Flow]? in
                    let flows = Self.flows(lines)
                    let complete = regions.enumerated().allSatisfy { item, region in
                        flows.contains { $0.item == item && $0.total == region.1.count }
                    }
                    return complete ? flows : nil
                }
                // Two later fires of the SimpleJob (same cron): the DataflowJob fired again too.
                let lastFire = try #require(copied.map(\.fire).max())
                _ = try await worker.wait(for: "two later fires", within: .seconds(30)) { lines in
                    lines.first { line in
                        let fields = line.split(separator: " ")
                        return fields.first == "EXEC" && fields.count == 8 && (Int64(fields[3]) ?? 0) >= lastFire + 2000
                    }
                }
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit(within: .seconds(40)) == 0)

                let flows = Self.flows(worker.lines)
                #expect(flows == copied, "the fires after the copy found nothing to copy")
                for (item, (region, zones)) in regions.enumerated() {
                    let batches = flows.filter { $0.item == item }
                    // One fire, ⌈n/25⌉ rounds of at most 25 rows, each row copied once.
                    #expect(Set(batches.map(\.fire)).count == 1, "\(region) was copied in one fire")
                    #expect(batches.count == (zones.count + 24) / 25, "\(region): \(batches.map(\.count))")
                    #expect(batches.map(\.count).reduce(0, +) == zones.count)
                    #expect(batches.allSatisfy { $0.count <= 25 })
                    let fire = Date(timeIntervalSince1970: Double(batches.first?.fire ?? 0) / 1000)
                    let expected = zones.map { "\($0.zone)\t\($0.countries)\t\(Self.offset($0.zone, at: fire))" }
                    let file = try String(contentsOf: out.appendingPathComponent("\(region).tsv"), encoding: .utf8)
                    #expect(file.split(separator: "\n").map(String.init) == expected, "\(region).tsv")
                }
            }
        }

        static func flows(_ lines: [String]) -> [Flow] {
            lines.compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count == 7, fields[0] == "FLOW", fields[6] == "zone-export", let item = Int(fields[2]),
                      let fire = Int64(fields[3]), let count = Int(fields[4]), let total = Int(fields[5])
                else { return nil }
                return Flow(item: item, fire: fire, count: count, total: total)
            }
        }

        /// The system's `zone1970.tab` as (zone, countries), in file order.
        static func table() throws -> [(zone: String, countries: String)] {
            try String(contentsOfFile: "/usr/share/zoneinfo/zone1970.tab", encoding: .utf8)
                .split(separator: "\n")
                .filter { !$0.hasPrefix("#") }
                .compactMap { line in
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                    return fields.count >= 3 ? (String(fields[2]), String(fields[0])) : nil
                }
        }

        /// A zone's UTC offset at an instant, `+05:30`, computed independently of the example.
        static func offset(_ zone: String, at instant: Date) -> String {
            let seconds = TimeZone(identifier: zone)?.secondsFromGMT(for: instant) ?? 0
            let minutes = abs(seconds) / 60
            return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
    }
}

import Foundation
import Testing
@testable import ShardedJobsZooKeeperTesting
import TestSupport

extension ExamplesTests {
    @Suite("The example worker against a real server", .tier(.server))
    struct ExampleWorkerTests {
        static let regions = [
            "Africa", "America", "Asia", "Europe", "Australia+Pacific", "Atlantic+Indian+Antarctica",
        ]

        @Test("one worker runs a fire of all six regions, writes each region's report, serves its executions at /metrics, and stops on SIGTERM with status 0")
        func oneFire() async throws {
            let metricsPort = try PortAllocator.reserve(count: 1)[0]
            try await ZooKeeperServer.withServer { server in
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("example-\(getpid())-\(UUID())")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: out) }
                let worker = try TestProcess(
                    try productDirectory().appendingPathComponent("example-worker"),
                    [
                        "--zk", server.connectString, "--namespace", "example-test", "--cron", "* * * * * ?",
                        "--tag", "t1", "--session-timeout-ms", "5000", "--out", out.path,
                        "--metrics-listen", "127.0.0.1:\(metricsPort)",
                    ],
                    environment: ["WORKER_LOG_LEVEL": "warning"])
                defer { worker.terminate() }

                _ = try await worker.wait(for: "READY", within: .seconds(60)) { $0.first { $0.hasPrefix("READY ") } }
                let fire = try await worker.wait(for: "a fire with all six items", within: .seconds(30)) { lines in
                    Self.completeFire(lines)
                }
                let scraped = try await PrometheusScrape.text(port: metricsPort)
                let counted = PrometheusScrape.executions(of: "zone-report", in: scraped)
                #expect((counted["success"] ?? 0) >= 6, "\(counted)")
                // Every metric the Grafana dashboard's queries name is served.
                let served = Set(scraped.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix { $0 != "{" && $0 != " " } })
                let named = try Self.dashboardMetrics()
                #expect(named.count >= 10, "\(named)")
                #expect(named.subtracting(served.map(String.init)).isEmpty, "not at /metrics: \(named.subtracting(served.map(String.init)).sorted())")
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit(within: .seconds(40)) == 0)

                let table = try Self.zones()
                var reported = 0
                for (item, region) in Self.regions.enumerated() {
                    let report = try String(contentsOf: out.appendingPathComponent("item-\(item).txt"), encoding: .utf8)
                    let fields = Self.fields(report)
                    let areas = Set(region.split(separator: "+").map(String.init))
                    let zones = table.filter { areas.contains(String($0.prefix { $0 != "/" })) }
                    #expect(fields["region"] == [region])
                    #expect(fields["zones"] == ["\(zones.count)"])
                    // The report's fire is the fire seen or a later one; its open zones are the
                    // region's zones in business hours at that fire, computed here independently.
                    let reportFire = try #require(fields["fire"]?.first.flatMap { Int64($0) })
                    #expect(reportFire >= fire)
                    #expect(Set(fields["open"] ?? []) == Self.open(zones, at: reportFire))
                    reported += zones.count
                }
                #expect(reported == table.count, "the six regions cover the whole table")
            }
        }

        /// The metric names in the queries of `Examples/Grafana/sharded-jobs-dashboard.json`.
        static func dashboardMetrics() throws -> Set<String> {
            let data = try Data(contentsOf: packageRoot.appendingPathComponent("Examples/Grafana/sharded-jobs-dashboard.json"))
            let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let panels = try #require(dashboard["panels"] as? [[String: Any]])
            let queries = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
            let pattern = try Regex("sharded_jobs_[a-z_]+")
            return Set(queries.flatMap { $0.matches(of: pattern).map { String($0.output[0].substring ?? "") } })
        }

        /// The first scheduled fire whose six items each have an `EXEC` line.
        static func completeFire(_ lines: [String]) -> Int64? {
            var items: [Int64: Set<Int>] = [:]
            for line in lines where line.hasPrefix("EXEC ") {
                let fields = line.split(separator: " ")
                guard fields.count == 8, let item = Int(fields[2]), let fire = Int64(fields[3]) else { continue }
                items[fire, default: []].insert(item)
            }
            return items.filter { $0.value == Set(0..<6) }.keys.min()
        }

        /// The zone ids of the system's `zone1970.tab`.
        static func zones() throws -> [String] {
            try String(contentsOfFile: "/usr/share/zoneinfo/zone1970.tab", encoding: .utf8)
                .split(separator: "\n")
                .filter { !$0.hasPrefix("#") }
                .compactMap { line in
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                    return fields.count >= 3 ? String(fields[2]) : nil
                }
        }

        /// `open: Zone HH:MM` entries for the zones whose local hour is 9–16 at a fire.
        static func open(_ zones: [String], at fire: Int64) -> Set<String> {
            let instant = Date(timeIntervalSince1970: Double(fire) / 1000)
            return Set(zones.compactMap { zone in
                guard let timeZone = TimeZone(identifier: zone) else { return nil }
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = timeZone
                let parts = calendar.dateComponents([.hour, .minute], from: instant)
                guard let hour = parts.hour, let minute = parts.minute, (9..<17).contains(hour) else { return nil }
                return "\(zone) \(String(format: "%02d:%02d", hour, minute))"
            })
        }

        /// A report's `key: value` lines, values grouped by key.
        static func fields(_ text: String) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                result[String(line[..<colon]), default: []].append(value)
            }
            return result
        }
    }
}

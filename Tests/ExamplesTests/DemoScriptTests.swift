import Foundation
import Testing
import TestSupport

extension ExamplesTests {
    @Suite("scripts/demo.sh", .tier(.server))
    struct DemoScriptTests {
        @Test("demo.sh --quick tells the story (failover, two workers, three again) and ends with 0 duplicates and 0 lost")
        func quickDemo() async throws {
            var environment = ProcessInfo.processInfo.environment
            environment["DEMO_BIN_DIR"] = try productDirectory().path
            environment["TERM"] = "dumb"
            let demo = try TestProcess(
                URL(fileURLWithPath: "/bin/bash"),
                [packageRoot.appendingPathComponent("scripts/demo.sh").path, "--quick"],
                environment: environment, mergingStandardError: true)
            defer { demo.terminate() }
            let status: Int32
            do {
                status = try await demo.waitForExit(within: .seconds(300))
            } catch {
                demo.signal(SIGTERM)   // the script's trap stops the workers and the server
                _ = try? await demo.waitForExit(within: .seconds(60))
                throw error
            }
            let lines = demo.lines
            let output = lines.joined(separator: "\n")
            #expect(status == 0, "\(output)")
            let last = try #require(lines.last { !$0.isEmpty })
            let match = try #require(
                last.wholeMatch(of: /SUMMARY fires=(\d+) item-fires=(\d+) duplicates=(\d+) lost=(\d+)/), "\(output)")
            #expect(Int(match.1) ?? 0 >= 6, "several fires checked")
            #expect(Int(match.2) == (Int(match.1) ?? 0) * 6)
            #expect(match.3 == "0")
            #expect(match.4 == "0")
            #expect(
                output.contains(#/failed over: \d->w[13] /#), "the killed worker's items ran elsewhere as FAILOVER: \(output)")
            #expect(output.contains(#/ \dF/#), "a row shows a FAILOVER run")
            #expect(output.contains("resharded to two"))
            #expect(output.contains("resharded to three"))
        }
    }
}

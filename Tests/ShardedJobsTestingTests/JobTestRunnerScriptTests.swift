import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport

extension ServerTierTests {
    /// `JobTestRunner` on a `ScriptJob`: a real process per item.
    @Suite("JobTestRunner with a ScriptJob")
    struct JobTestRunnerScriptTests {
        /// Item 0 exits 3; item 1 writes the context it was given to a file; item 2 sleeps.
        struct Export: ScriptJob {
            let output: String

            func commandLine(for context: ShardingContext) throws -> String {
                switch context.shardingItem {
                case 0: "/bin/sh -c 'exit 3'"
                case 1: "/bin/sh -c 'printf %s \"$SHARDING_CONTEXT\" > \(output)'"
                default: "/bin/sleep 600"
                }
            }
        }

        static var configuration: JobConfiguration {
            get throws { try JobConfiguration(name: "export", schedule: .cron("0 0/5 * * * ?"), shardingTotalCount: 3) }
        }

        @Test("each item runs its program: an exit status fails it, the context reaches the program")
        func programs() async throws {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("sj-kit-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let runner = try JobTestRunner(Export(output: output), configuration: Self.configuration)
            let report = try await within(.seconds(30), "two script items") { try await runner.run(items: [0, 1]) }
            #expect((report[0]?.error as? ScriptJobError)?.exitStatus == 3)
            #expect(report[1]?.isSucceeded == true, "\(String(describing: report[1]))")
            let written = try String(contentsOfFile: output, encoding: .utf8)
            #expect(written == report.contexts[1]?.json())
        }

        @Test("cancelling ends a running program: the item is cancelled")
        func cancelled() async throws {
            let runner = try JobTestRunner(Export(output: "/dev/null"), configuration: Self.configuration)
            let run = try runner.start(items: [2])
            try await run.waitUntilStarted(timeout: .seconds(10))
            run.cancel()
            let report = try await within(.seconds(20), "the cancelled script item") { await run.report }
            guard case .cancelled = report[2] else {
                Issue.record("item 2: \(String(describing: report[2]))")
                return
            }
        }
    }
}

#if SQLiteTracing
import Foundation
import Logging
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

extension TracingTests {
    /// The `timeout` policy end to end (issue 17): a SCRIPT job defined by configuration alone on
    /// a `sharded-worker` that traces into SQLite.
    @Suite("Script job timeout on sharded-worker", .tier(.server))
    struct ScriptTimeoutTests {
        @Test("a script sleeping past timeout=1s is stopped at about 1 s (it and its children gone), traced as failed with cause timeout, and not run again")
        func stoppedScript() async throws {
            // Two children that would outlive the item, their pids written first.
            let script = "#!/bin/sh\npids=$(dirname \"$0\")/pids\nsleep 30 & echo $! >> \"$pids\"\nsleep 30 & echo $! >> \"$pids\"\nwait\n"
            try await ScriptWorkerCluster.with(job: "sleeper", cron: "0/4 * * * * ?", script: script) { configuration in
                configuration.sharded.timeout = .seconds(1)
            } _: { harness in
                // Two fires: the first stopped, the second run for its own fire (not the first's again).
                let rows = try await harness.executions("two traced executions", of: "sleeper") { rows in
                    rows.filter { $0.completeTime != nil }.count >= 2
                }
                let completed = rows.filter { $0.completeTime != nil }.sorted { $0.fireTime < $1.fireTime }
                for row in completed.prefix(2) {
                    #expect(!row.isSuccess && row.failureCause?.hasPrefix("timeout") == true, "\(row)")
                    let ran = (row.completeTime ?? row.startTime).timeIntervalSince(row.startTime)
                    #expect(ran >= 0.9 && ran < 5, "ran \(ran) s with a 1 s timeout")
                }
                #expect(Set(completed.map(\.fireTime)).count == completed.count, "a stopped fire ran again: \(completed)")
                #expect(completed.allSatisfy { $0.source == .normalTrigger }, "\(completed)")
                // Every child the stopped scripts started is gone.
                let children = try String(contentsOfFile: harness.path("pids"), encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
                #expect(children.count >= 4)
                try await within(.seconds(10), "the scripts' children to exit") {
                    while children.prefix(4).contains(where: { kill($0, 0) == 0 }) { try await Task.sleep(for: .milliseconds(100)) }
                }
            }
        }
    }
}
#endif

#if SQLiteTracing
import Foundation
import ShardedJobs
import ShardedJobsTracing
import Testing
import TestSupport

extension TracingTests {
    /// Retries end to end (issue 17 item 5): a SCRIPT job defined by configuration alone on a
    /// `sharded-worker` that traces into SQLite.
    @Suite("Script job retries on sharded-worker", .tier(.server))
    struct ScriptRetryTests {
        @Test("a script failing twice then succeeding with retry.maxAttempts=3 is traced as three attempts of one fire, each with its own output, and runs to success once")
        func retriedScript() async throws {
            // One fire a minute, a few seconds ahead: nothing else runs meanwhile.
            let second = (Calendar(identifier: .gregorian).component(.second, from: Date().addingTimeInterval(6)))
            let script = """
                #!/bin/sh
                dir=$(dirname "$0")
                n=$(cat "$dir/count" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo "$n" > "$dir/count"
                echo "attempt $n"
                echo "attempt $n complains" >&2
                [ "$n" -le 2 ] && exit 7
                echo done >> "$dir/successes"
                """
            try await ScriptWorkerCluster.with(job: "flaky", cron: "\(second) * * * * ?", script: script) { configuration in
                configuration.sharded.retryMaxAttempts = 3
                configuration.sharded.retryBackoff = .milliseconds(300)
            } _: { cluster in
                let rows = try await cluster.executions("a successful attempt", of: "flaky", within: .seconds(90)) { rows in
                    rows.contains { $0.isSuccess }
                }
                let attempts = rows.sorted { $0.attempt < $1.attempt }
                #expect(attempts.map(\.attempt) == [1, 2, 3], "\(attempts)")
                #expect(attempts.map(\.isSuccess) == [false, false, true])
                #expect(Set(attempts.map(\.fireTime)).count == 1, "every attempt is of the same fire")
                #expect(attempts.allSatisfy { $0.runKind == "NORMAL" && $0.source == .normalTrigger })
                #expect(attempts.first?.failureCause?.contains("7") == true, "\(attempts.first?.failureCause ?? "")")
                let successes = try String(contentsOfFile: cluster.path("successes"), encoding: .utf8)
                #expect(successes.split(separator: "\n").count == 1)
                // Each attempt's output is kept with it — stdout at info, stderr at warning — though
                // the worker logs only critical lines.
                for row in attempts {
                    let lines = try await cluster.store.logLines(execution: row.id)
                    let kept = Set(lines.map { "\($0.level) \($0.message)" })
                    #expect(kept == [
                        "info attempt \(row.attempt) script.stream=stdout", "warning attempt \(row.attempt) complains script.stream=stderr",
                    ])
                }
            }
        }
    }
}
#endif

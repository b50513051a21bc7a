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

extension TracingTests {
    /// `pauseAfterConsecutiveFailures` end to end (issue 17): a failing SCRIPT job defined by
    /// configuration alone on a `sharded-worker` that traces into SQLite, inspected with
    /// `shardctl`.
    @Suite("Script job paused after failures on sharded-worker", .tier(.server))
    struct ScriptPauseTests {
        @Test("pauseAfterConsecutiveFailures=2: two failed fires pause the job with a note shardctl status shows; no fire runs while paused; enable resumes it and the next failure pauses it again")
        func pausedScript() async throws {
            try await ScriptWorkerCluster.with(job: "failing", cron: "* * * * * ?", script: "#!/bin/sh\nexit 3\n") { configuration in
                configuration.sharded.pauseAfterConsecutiveFailures = 2
            } _: { harness in
                let (client, store, cluster) = (harness.client, harness.store, harness.clusterArguments)
                let shardctl = try builtExecutable("shardctl")

                let note = try await pauseNote(client, within: .seconds(60))
                #expect(note.contains("paused after 2 consecutive failed fires of item 0"), "\(note)")
                #expect(note.contains("exited with status 3"), "\(note)")
                let failed = try await completed(store)
                #expect(failed.count == 2 && failed.allSatisfy { !$0.isSuccess }, "\(failed)")
                #expect(Set(failed.map(\.fireTime)).count == 2, "\(failed)")

                let status = try await ExecutableRun.run(shardctl, cluster + ["status", "failing"])
                #expect(status.status == 0 && status.output.contains("paused:         yes — " + note), "\(status)")
                #expect(status.output.contains("status:         DISABLED — paused"), "\(status)")
                let json = try await ExecutableRun.run(shardctl, cluster + ["--json", "status", "failing"])
                let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
                #expect(object?["paused"] as? Bool == true && object?["note"] as? String == note, "\(json)")

                // Three more fire times pass: nothing runs while paused.
                let pausedAt = Date()
                try await Task.sleep(for: .seconds(3))
                #expect(try await completed(store).count == 2, "a fire ran while the job was paused")

                let enabled = try await ExecutableRun.run(shardctl, cluster + ["enable", "failing"])
                #expect(enabled.status == 0 && enabled.output.contains("any pause note is cleared"), "\(enabled)")
                // The run of failures is still 2: the next failed fire pauses the job again.
                let again = try await pauseNote(client, within: .seconds(30), newerThan: pausedAt)
                #expect(again.contains("paused after 3 consecutive failed fires of item 0"), "\(again)")
                let after = try await completed(store)
                #expect(after.count == 3 && (after.last?.fireTime ?? .distantPast) > pausedAt, "\(after)")

                // An operator's own note: disable --note pauses with it, enable clears it.
                let refused = try await ExecutableRun.run(shardctl, cluster + ["disable", "failing", "--item", "0", "--note", "x"])
                #expect(refused.status == 64 && refused.error.contains("--note pauses the whole job"), "\(refused)")
                _ = try await ExecutableRun.run(shardctl, cluster + ["enable", "failing"])
                let noted = try await ExecutableRun.run(shardctl, cluster + ["disable", "failing", "--note", "maintenance until 14:00"])
                #expect(noted.status == 0, "\(noted)")
                let shown = try await ExecutableRun.run(shardctl, cluster + ["status", "failing"])
                #expect(shown.output.contains("paused:         yes — maintenance until 14:00"), "\(shown)")
                _ = try await ExecutableRun.run(shardctl, cluster + ["enable", "failing"])
                let cleared = try await ExecutableRun.run(shardctl, cluster + ["status", "failing"])
                #expect(cleared.output.contains("paused:         no"), "\(cleared)")
            }
        }

        /// The note of `/failing/pause` once it exists (and, with `newerThan`, was written after
        /// that instant).
        private func pauseNote(_ client: ZooKeeperClient, within limit: Duration, newerThan: Date? = nil) async throws -> String {
            try await within(limit, "the job to be paused") {
                while true {
                    if let data = try? await client.getData("/failing/pause"),
                        newerThan.map({ Double(data.stat.mtime) / 1000 > $0.timeIntervalSince1970 }) ?? true
                    {
                        return data.string
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }

        /// The traced executions of the job that completed, oldest fire first.
        private func completed(_ store: SQLiteTraceStore) async throws -> [JobExecutionEvent] {
            let rows = try await store.executions(ExecutionLogQuery(jobName: "failing"))
            return rows.filter { $0.completeTime != nil }.sorted { $0.fireTime < $1.fireTime }
        }
    }
}
#endif

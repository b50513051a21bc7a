import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeperTesting

#if canImport(Glibc)
import Glibc
#endif

extension ClusterTests {
    /// `ScriptJob` with real programs: shell scripts the tests write.
    @Suite("Script jobs")
    struct ScriptJobTests {
        @Test("command lines split like shell words, without expansion")
        func splitting() throws {
            #expect(try ScriptCommandLine.split("a b  c") == ["a", "b", "c"])
            #expect(try ScriptCommandLine.split(#"run 'full sync' "x \"y\" \\z" a\ b ''"#) == ["run", "full sync", #"x "y" \z"#, "a b", ""])
            #expect(try ScriptCommandLine.split(#"a"b c"d $HOME *"#) == ["ab cd", "$HOME", "*"])
            #expect(throws: ScriptJobError.self) { try ScriptCommandLine.split("echo 'open") }
            #expect(throws: ScriptJobError.self) { try ScriptCommandLine.split("echo \"open") }
            #expect(throws: ScriptJobError.self) { try ScriptCommandLine.split("echo \\") }
            #expect(throws: ScriptJobError.self) { try ScriptCommandLine.split("   ") }
        }

        @Test("the program gets its words, the context JSON last and in SHARDING_CONTEXT; its lines reach the item's logger")
        func arguments() async throws {
            let fixture = try ScriptFixture()
            defer { fixture.remove() }
            let out = fixture.path("args")
            let script = try fixture.script(
                "args.sh",
                """
                for word in "$@"; do printf '%s\\n' "$word" >> '\(out)'; done
                printf '%s\\n' "$SHARDING_CONTEXT" > '\(out).env'
                echo "hello from item"
                echo "to stderr" >&2
                """)
            let events = JobEventLog()
            let context = ScriptFixture.context(
                props: ["script.command.line": "\(script) 'two words' plain"], logger: events.logger(level: .info))
            try await CommandLineScriptJob().execute(context)
            let json = #"{"jobName":"script","taskId":"script@-@1","shardingTotalCount":2,"jobParameter":"ünï","shardingItem":1,"shardingParameter":"B/1"}"#
            #expect(fixture.read("args") == "two words\nplain\n\(json)\n")
            #expect(fixture.read("args.env") == json + "\n")
            let logs = events.entries("log")
            #expect(logs.contains { $0.item == 1 && $0.detail == "info: hello from item" }, "\(logs)")
            #expect(logs.contains { $0.item == 1 && $0.detail == "warning: to stderr" })
        }

        @Test("a non-zero exit fails the item with its status; a missing program fails to launch")
        func failures() async throws {
            let fixture = try ScriptFixture()
            defer { fixture.remove() }
            let script = try fixture.script("fail.sh", "exit 3")
            let logger = testLogger("script")
            do {
                try await CommandLineScriptJob().execute(ScriptFixture.context(props: ["script.command.line": script], logger: logger))
                Issue.record("exit 3 did not fail")
            } catch let error as ScriptJobError {
                #expect(error.exitStatus == 3)
                #expect(error.description.contains("exited with status 3"))
            }
            do {
                try await CommandLineScriptJob().execute(
                    ScriptFixture.context(props: ["script.command.line": fixture.path("missing")], logger: logger))
                Issue.record("a missing program did not fail")
            } catch let error as ScriptJobError {
                guard error.code == .launchFailed, error.detail != nil else { throw error }
            }
            await #expect(throws: ScriptJobError.self) {
                try await CommandLineScriptJob().execute(ScriptFixture.context(props: [:], logger: logger))
            }
        }

        /// A script that starts a child and waits; with `ignoreTerm` both ignore SIGTERM.
        static func longScript(_ fixture: ScriptFixture, ignoreTerm: Bool) throws -> String {
            try fixture.script(
                "long.sh",
                """
                \(ignoreTerm ? "trap '' TERM" : "")
                sleep 300 &
                echo $! > '\(fixture.path("child.pid"))'
                echo $$ > '\(fixture.path("main.pid"))'
                wait
                """)
        }

        @Test("cancelling the item ends the program and the child it spawned (SIGTERM to the group)")
        func cancellation() async throws {
            try await runCancellation(ignoreTerm: false)
        }

        @Test("a group that ignores SIGTERM is killed with SIGKILL after the grace")
        func cancellationAfterGrace() async throws {
            try await runCancellation(ignoreTerm: true)
        }

        func runCancellation(ignoreTerm: Bool) async throws {
            let fixture = try ScriptFixture()
            defer { fixture.remove() }
            let script = try Self.longScript(fixture, ignoreTerm: ignoreTerm)
            let context = ScriptFixture.context(
                props: ["script.command.line": script, "script.termination.grace.seconds": "0.5"], logger: testLogger("script"))
            let item = Task { try await CommandLineScriptJob().execute(context) }
            let pids = [try await fixture.waitForPID("main.pid"), try await fixture.waitForPID("child.pid")]
            #expect(pids.allSatisfy(isAlive))
            item.cancel()
            await #expect(throws: CancellationError.self) { try await item.value }
            try await waitUntilGone(pids)
        }

        @Test("an item past its timeout is stopped, with its children, and fails with timedOut")
        func timeout() async throws {
            let fixture = try ScriptFixture()
            defer { fixture.remove() }
            let script = try Self.longScript(fixture, ignoreTerm: false)
            let context = ScriptFixture.context(
                props: ["script.command.line": script, "script.timeout.seconds": "1"], logger: testLogger("script"))
            do {
                try await CommandLineScriptJob().execute(context)
                Issue.record("the timeout did not fail the item")
            } catch let error as ScriptJobError {
                #expect(error.code == .timedOut && error.timeout == .seconds(1))
            }
            let pids = [try await fixture.waitForPID("main.pid"), try await fixture.waitForPID("child.pid")]
            try await waitUntilGone(pids)
        }

        @Test("on a real cluster: lease loss (the session expires) kills the running script's whole process group")
        func leaseLoss() async throws {
            try await TestCluster.with(Self.runLeaseLoss)
        }

        @Sendable static func runLeaseLoss(_ cluster: TestCluster) async throws {
            let fixture = try ScriptFixture()
            defer { fixture.remove() }
            let script = try longScript(fixture, ignoreTerm: false)
            let scheduler = try await cluster.start(member: 1) {
                try await $0.register(
                    CommandLineScriptJob(),
                    configuration: JobConfiguration(
                        name: "script-lease", schedule: try .cron("* * * * * ?"), shardingTotalCount: 1, props: ["script.command.line": script]))
            }
            let pids = [try await fixture.waitForPID("main.pid"), try await fixture.waitForPID("child.pid")]
            #expect(pids.allSatisfy(isAlive))
            let session = try #require(scheduler.client.session)
            try await SessionExpirer.expire(
                sessionID: session.id, password: session.password, connectString: cluster.server.connectString)
            try await waitUntilGone(pids, within: .seconds(20))
        }
    }
}

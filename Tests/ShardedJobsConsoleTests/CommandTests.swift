#if Console && SQLiteTracing && PostgresTracing
import Foundation
import PostgresTesting
import ShardedJobsConsole
import ShardedJobsTracingPostgres
import Testing
import TestSupport

extension ConsoleTests {
    /// `sharded-console history` and the options of both commands, run as a process.
    @Suite("sharded-console commands")
    struct CommandTests {
        @Test("history prints a job's executions newest first as a table or JSON, filtered and limited")
        func history() async throws {
            try await ConsoleCluster.with(Self.runHistory)
        }

        @Sendable static func runHistory(_ cluster: ConsoleCluster) async throws {
            try await cluster.record(Fixtures.orders() + Fixtures.reports())
            let database = cluster.store.path
            let table = try await Products.run("sharded-console", ["history", "orders", "--sqlite", database, "--limit", "3"])
            #expect(table.status == 0, "\(table.output)")
            let lines = table.output.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "STARTED", "DURATION", "ITEM", "SOURCE", "INSTANCE", "RESULT", "FAILURE",
            ])
            #expect(lines[1].hasPrefix("2026-01-01T00:00:24.000Z  340 ms") && lines[1].hasSuffix("127.0.0.1@-@1001  success"))
            #expect(lines[2].hasPrefix("2026-01-01T00:00:23.000Z"))

            let failures = try await Products.run("sharded-console", ["history", "orders", "--sqlite", database, "--failures", "--item", "0", "--json"])
            #expect(failures.status == 0, "\(failures.output)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(failures.standardOutput.utf8)) as? [[String: Any]])
            #expect(rows.map { $0["failureCause"] as? String } == ["boom 20", "boom 0"])
            let first = try #require(rows.first)
            #expect(first["jobName"] as? String == "orders" && first["shardingItem"] as? Int == 0 && first["isSuccess"] as? Bool == false)
            #expect(first["executionSource"] as? String == "NORMAL_TRIGGER" && first["instanceId"] as? String == "127.0.0.1@-@1001")
            #expect(first["startTime"] as? String == "2026-01-01T00:00:20.000Z" && first["hostname"] as? String == "host-a")
            #expect(Set(first.keys) == [
                "id", "jobName", "taskId", "hostname", "ip", "instanceId", "shardingItem", "executionSource", "isSuccess", "failureCause",
                "fireTime", "startTime", "completeTime",
            ])
            let none = try await Products.run("sharded-console", ["history", "nothing", "--sqlite", database])
            #expect(none.status == 0 && none.output == "no executions\n")
        }

        @Test("history --postgres URL reads a PostgreSQL tracing database", .tier(.postgres))
        func historyFromPostgres() async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: testLogger("postgres"))
                let running = Task { try await store.run() }
                defer { running.cancel() }
                try await store.prepare()
                try await store.write((Fixtures.orders() + Fixtures.reports()).map { .execution($0) })
                let url = "postgres://\(server.username)@\(server.host):\(server.port)/\(server.database)?sslmode=disable"
                let run = try await Products.run("sharded-console", ["history", "reports", "--postgres", url, "--json"])
                #expect(run.status == 0, "\(run.output)")
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: Any]])
                #expect(rows.count == 1 && rows.first?["failureCause"] as? String == "report failed")
                #expect(rows.first?["executionSource"] as? String == "FAILOVER" && rows.first?["completeTime"] as? String == "2026-01-01T00:00:02.000Z")
                let limited = try await Products.run("sharded-console", ["history", "orders", "--postgres", url, "--limit", "2"])
                #expect(limited.status == 0 && limited.output.split(separator: "\n").count == 3, "\(limited.output)")
            }
        }

        @Test("refused options: no store, both stores, a missing file, a malformed PostgreSQL URL, a bad listen address, a user without password")
        func refusedOptions() async throws {
            let missing = "/nonexistent/trace-\(UUID().uuidString).sqlite"
            let cases: [([String], String)] = [
                (["history", "orders"], "Give the tracing store: --sqlite PATH or --postgres URL."),
                (["history", "orders", "--sqlite", "a", "--postgres", "postgres://u@h/d"], "Give --sqlite or --postgres, not both."),
                (["history", "orders", "--sqlite", missing], "no such file"),
                (["history", "orders", "--postgres", "mysql://u@h/d"], "--postgres must look like postgres://"),
                (["serve", "--zk", "127.0.0.1:1", "--namespace", "n", "--listen", "localhost"], "--listen must be host:port"),
                (["serve", "--zk", "127.0.0.1:1", "--namespace", "n", "--user", "ops"], "a user is set but no password"),
            ]
            for (arguments, message) in cases {
                let run = try await Products.run("sharded-console", arguments)
                #expect(run.status == 64 && run.output.contains(message), "\(arguments): \(run.output)")
            }
        }

        @Test("credentials: options over the environment, the password file's newline dropped, empty or half-given credentials refused")
        func credentials() throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("password-\(UUID().uuidString)")
            try "from file\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let environment = ["SHARDED_CONSOLE_USER": "env-user", "SHARDED_CONSOLE_PASSWORD": "env-pass"]
            #expect(try ConsoleCredentials.resolve(user: nil, passwordFile: nil, environment: [:]) == nil)
            #expect(try ConsoleCredentials.resolve(user: nil, passwordFile: nil, environment: environment) == ConsoleCredentials(user: "env-user", password: "env-pass"))
            #expect(try ConsoleCredentials.resolve(user: "ops", passwordFile: file.path, environment: environment) == ConsoleCredentials(user: "ops", password: "from file"))
            #expect(throws: ConsoleError.self) { try ConsoleCredentials.resolve(user: "ops", passwordFile: nil, environment: [:]) }
            #expect(throws: ConsoleError.self) { try ConsoleCredentials.resolve(user: nil, passwordFile: nil, environment: ["SHARDED_CONSOLE_PASSWORD": "x"]) }
            #expect(throws: ConsoleError.self) { try ConsoleCredentials.resolve(user: "ops", passwordFile: "/nonexistent/password", environment: [:]) }
            #expect(throws: ConsoleError.self) { try ConsoleCredentials(user: "ops", password: "") }
        }
    }
}
#endif

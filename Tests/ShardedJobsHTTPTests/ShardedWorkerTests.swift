import Foundation
import Testing
import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

extension HTTPTests {
    /// The `sharded-worker` executable hosting jobs written to ZooKeeper as configuration only.
    @Suite("sharded-worker", .tier(.server))
    struct ShardedWorkerTests {
        @Test("runs a SCRIPT and an HTTP job defined by configuration alone; SIGTERM stops it with status 0")
        func configuredJobs() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            try await WorkerFixture.withScript("worker") { directory in
                "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> '\(directory.appendingPathComponent("out").path)'\n"
            } _: { directory, script in
                let output = directory.appendingPathComponent("out").path
                try await WorkerFixture.withOpsNamespace { zk, client in
                    let scriptJob = JobConfiguration(
                        name: "cfg-script", schedule: try .cron("* * * * * ?"), shardingTotalCount: 1,
                        props: ["script.command.line": "\(script) 'first arg'"])
                    let httpJob = JobConfiguration(
                        name: "cfg-http", schedule: try .cron("* * * * * ?"), shardingTotalCount: 1,
                        props: ["http.uri": server.baseURL + "/tick", "http.method": "POST", "http.data": "hello"])
                    _ = try await client.create("/cfg-script")
                    _ = try await client.create("/cfg-script/config", data: Array(scriptJob.yaml.utf8))
                    _ = try await client.create("/cfg-http", data: Array("HTTP".utf8))
                    _ = try await client.create("/cfg-http/config", data: Array(httpJob.yaml.utf8))

                    let written = try DirectoryWatch(directory.path)  // the script's output file
                    let worker = try TestProcess(
                        try builtExecutable("sharded-worker"),
                        [
                            "--zk", zk.connectString, "--namespace", "ops", "--job", "cfg-script", "--job", "cfg-http",
                            "--log-level", "critical",
                        ])
                    defer { worker.terminate() }
                    try await within(.seconds(60), "a run of each job") {
                        _ = try await written.changes.wait("the script's output", within: .seconds(60)) {
                            (try? String(contentsOfFile: output, encoding: .utf8)).flatMap { $0.contains("\n") ? true : nil }
                        }
                        try await server.received.wait("the HTTP job's request", within: .seconds(60)) { !$0.isEmpty }
                    }
                    let line = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")[0]
                    #expect(line.hasPrefix(#"first arg|{"jobName":"cfg-script","#))
                    #expect(server.requests[0].method == "POST" && server.requests[0].body == "hello")
                    #expect(try await client.getData("/cfg-script").string == "SCRIPT")
                    worker.signal(SIGTERM)
                    #expect(try await worker.waitForExit(within: .seconds(30)) == 0)
                }
            }
        }

        @Test("--session-timeout asks the servers for that timeout; a value without a unit is refused")
        func sessionTimeout() async throws {
            try await WorkerFixture.withOpsNamespace { zk, client in
                let idle = JobConfiguration(
                    name: "idle", schedule: try .cron("0 0 0 * * ?"), shardingTotalCount: 1,
                    props: ["script.command.line": "/bin/true"])
                _ = try await client.create("/idle", data: Array("SCRIPT".utf8))
                _ = try await client.create("/idle/config", data: Array(idle.yaml.utf8))
                _ = try await client.create("/idle/instances")
                let (_, joined) = try await client.watchChildren("/idle/instances")

                let worker = try TestProcess(
                    try builtExecutable("sharded-worker"),
                    [
                        "--zk", zk.connectString, "--namespace", "ops", "--job", "idle", "--session-timeout", "2500ms",
                        "--log-level", "critical",
                    ])
                defer { worker.terminate() }
                _ = try await within(.seconds(60), "the worker's instance node") { try await joined.event() }
                let connections = try await zk.fourLetterWord("cons")
                #expect(connections.contains("to=2500"), "the worker's session asked for 2.5 s: \(connections)")
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit(within: .seconds(30)) == 0)
            }

            let refused = try await ExecutableRun.run(
                try builtExecutable("sharded-worker"),
                ["--zk", "127.0.0.1:1", "--namespace", "ops", "--job", "idle", "--session-timeout", "15"])
            #expect(refused.status == 64, "a usage error")
            #expect(refused.error.contains("--session-timeout") && refused.error.contains("\"15\" is not a duration"), "\(refused.error)")

            // A load file that is missing or malformed is refused at start, naming the file.
            let loadFile = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)").path
            try Data("cpuPerCore=busy".utf8).write(to: URL(fileURLWithPath: loadFile))
            for path in [loadFile, loadFile + ".missing"] {
                let badLoad = try await ExecutableRun.run(
                    try builtExecutable("sharded-worker"),
                    ["--zk", "127.0.0.1:1", "--namespace", "ops", "--job", "idle", "--load-file", path])
                #expect(badLoad.status == 64, "a usage error")
                #expect(badLoad.error.contains("--load-file") && badLoad.error.contains(path), "\(badLoad.error)")
            }
            // An alarm webhook that is not an http(s) URL is refused at start, naming the variable.
            var environment = ProcessInfo.processInfo.environment
            environment["SHARDED_JOBS_ALARM_WEBHOOK_URL"] = "hooks.example.com/alarms"
            let badHook = try await ExecutableRun.run(
                try builtExecutable("sharded-worker"), ["--zk", "127.0.0.1:1", "--namespace", "ops", "--job", "idle"],
                environment: environment)
            #expect(badHook.status == 64, "a usage error")
            #expect(badHook.error.contains("SHARDED_JOBS_ALARM_WEBHOOK_URL"), "\(badHook.error)")
        }
    }
}

import Foundation
import TestSupport
import Testing
import ShardedJobsZooKeeperTesting

extension ExamplesTests {
    @Suite("The ScriptJob example: configuration only, on sharded-worker", .tier(.server))
    struct ScriptJobExampleTests {
        static let parameters = ["eu", "us", "apac"]

        @Test("shardctl create defines a SCRIPT job; sharded-worker runs Examples/ScriptJob/record-item.sh once per item with the context JSON")
        func configuredScriptJob() async throws {
            try await ZooKeeperServer.withServer { server in
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("example-script-\(getpid())-\(UUID())")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: out) }
                let written = try DirectoryWatch(out.path)  // the files the script writes
                let script = packageRoot.appendingPathComponent("Examples/ScriptJob/record-item.sh").path
                let products = try productDirectory()

                // The first command of the README: the job exists only as configuration.
                let create = try TestProcess(
                    products.appendingPathComponent("shardctl"),
                    [
                        "--zk", server.connectString, "--namespace", "example-script-test",
                        "create", "record-items", "--type", "SCRIPT", "--cron", "* * * * * ?", "--items", "3",
                        "--item-parameters", "0=eu,1=us,2=apac",
                        "--prop", "script.command.line='\(script)' '\(out.path)'",
                    ],
                    mergingStandardError: true)
                defer { create.terminate() }
                #expect(try await create.waitForExit(within: .seconds(60)) == 0, "\(create.lines)")
                #expect(create.lines.first?.hasPrefix("created SCRIPT job record-items: 3 item(s)") == true, "\(create.lines)")

                // The second: the ready-made worker hosts it.
                let worker = try TestProcess(
                    products.appendingPathComponent("sharded-worker"),
                    ["--zk", server.connectString, "--namespace", "example-script-test", "--job", "record-items"],
                    environment: ProcessInfo.processInfo.environment, mergingStandardError: true)
                defer { worker.terminate() }
                let files = (0..<3).map { out.appendingPathComponent("item-\($0).json") }
                _ = try await written.changes.wait("item-0…2.json", within: .seconds(60)) {
                    files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } ? true : nil
                }
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit(within: .seconds(40)) == 0)

                for (item, parameter) in Self.parameters.enumerated() {
                    let text = try String(contentsOf: files[item], encoding: .utf8)
                    let json = text.trimmingCharacters(in: .newlines)
                    // Keys in ElasticJob's order, written verbatim by the script from its last argument
                    // (it exits with an error when SHARDING_CONTEXT differs, and then writes nothing).
                    #expect(json.hasPrefix(#"{"jobName":"record-items","taskId":"record-items@-@\#(item)@-@"#), "\(json)")
                    #expect(
                        json.hasSuffix(#"","shardingTotalCount":3,"jobParameter":"","shardingItem":\#(item),"shardingParameter":"\#(parameter)"}"#),
                        "\(json)")
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                    #expect(object.count == 6)
                    #expect(object["shardingItem"] as? Int == item)
                    #expect(object["shardingParameter"] as? String == parameter)
                }
                // The script's standard output went to the worker's log, with the item in metadata.
                #expect(worker.lines.contains { $0.contains("shard.item=1") && $0.contains("item 1 (us) recorded") }, "\(worker.lines)")
            }
        }
    }
}

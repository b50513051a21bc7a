import Testing

@testable import ShardedJobs
import TestSupport

/// The YAML of `/{job}/instances/{id}`: exactly ElasticJob's keys.
@Suite struct InstanceNodeDataTests {
    static let id = JobInstanceID(ip: "10.0.0.5", pid: 1234, suffix: 2)

    @Test func encodesElasticJobKeysInAlphabeticalOrder() {
        #expect(InstanceNodeData(jobInstanceID: Self.id).yaml == """
            jobInstanceId: 10.0.0.5@-@1234-2
            serverIp: '10.0.0.5'

            """)
        #expect(InstanceNodeData(jobInstanceID: Self.id, serverIP: "192.0.2.1", labels: "blue, canary").yaml == """
            jobInstanceId: 10.0.0.5@-@1234-2
            labels: blue, canary
            serverIp: '192.0.2.1'

            """)
        let data = InstanceNodeData(jobInstanceID: Self.id, labels: "")
        #expect(data.yaml == "jobInstanceId: 10.0.0.5@-@1234-2\nlabels: ''\nserverIp: '10.0.0.5'\n")
        #expect(data.yamlBytes == Array(data.yaml.utf8))
    }

    @Test func decodesWhatElasticJobWrites() throws {
        let plain = try InstanceNodeData(yaml: "jobInstanceId: 192.168.1.2@-@4321\nserverIp: 192.168.1.2\n")
        #expect(plain == InstanceNodeData(jobInstanceID: JobInstanceID(ip: "192.168.1.2", pid: 4321)))
        #expect(plain.serverIP == "192.168.1.2")
        #expect(plain.labels == nil)
        let labelled = try InstanceNodeData(yaml: "jobInstanceId: 1.2.3.4@-@1\nlabels: green\nserverIp: 1.2.3.4\n")
        #expect(labelled.labels == "green")
        // Before serverIp existed only the id was written; unknown keys are ignored.
        let old = try InstanceNodeData(yaml: Array("jobInstanceId: 1.2.3.4@-@1\nfuture: x\n".utf8))
        #expect(old.serverIP == "1.2.3.4")
    }

    @Test func roundTrips() throws {
        var random = ConfigurationRandom(seed: 9)
        for _ in 0..<300 {
            let data = InstanceNodeData(
                jobInstanceID: JobInstanceID(ip: "10.\(random.int(0...255)).0.\(random.int(0...255))",
                                             pid: random.int(0...99_999)),
                serverIP: random.chance(0.5) ? nil : random.string(),
                labels: random.chance(0.5) ? nil : random.string())
            #expect(try InstanceNodeData(yaml: data.yaml) == data, "\(data.yaml)")
        }
    }

    @Test(arguments: [
        ("serverIp: 1.2.3.4\n", "jobInstanceId: missing"),
        ("jobInstanceId: abc\n", #"jobInstanceId: "abc" is not an instance id {ip}@-@{pid}"#),
        ("jobInstanceId: [a]\n", "jobInstanceId: expected a string, found a list"),
        ("jobInstanceId: 1.2.3.4@-@1\nlabels: {a: b}\n", "labels: expected a string, found a mapping"),
        ("", "document: the document is empty"),
        ("- x\n", "document: expected a mapping of keys, found a list"),
    ])
    func reportsTheWrongKey(yaml: String, message: String) {
        do throws(InstanceNodeData.DecodingError) {
            let data = try InstanceNodeData(yaml: yaml)
            Issue.record("accepted \(yaml.debugDescription) as \(data)")
        } catch {
            #expect(error.description == message)
        }
    }
}

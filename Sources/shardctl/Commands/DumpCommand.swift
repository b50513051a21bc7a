import ArgumentParser
import ShardedJobsOperations

/// `shardctl dump JOB`: every node of the job, one `path | value` line each.
struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every node of a job as 'path | value' lines (ElasticJob's dump).",
        discussion: """
            Line feeds in values are written as \\n. --mask-ips replaces every
            IPv4 address with ip1, ip2, … so the dump can be shared. JSON: an
            array of {path, value, ephemeral}.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Flag(name: .customLong("mask-ips"), help: "Replace IP addresses with ip1, ip2, ….")
    var maskIPs = false

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job, maskIPs = self.maskIPs
        try await ClusterConnection.run(global) { operations in
            var masker = IPMasker()
            let nodes = try await operations.dump(job: job)
            func shown(_ text: String) -> String { maskIPs ? masker.mask(text) : text }
            if global.json {
                let entries = nodes.map { node in
                    DumpEntry(path: shown(node.path), value: shown(String(decoding: node.data, as: UTF8.self)), ephemeral: node.isEphemeral)
                }
                return try Output.json(entries)
            }
            Output.print(nodes.map { shown($0.dumpLine) + "\n" }.joined())
        }
    }
}

/// One node of `dump --json`.
struct DumpEntry: Encodable {
    /// The node's path relative to the namespace.
    var path: String
    /// The node's data as text.
    var value: String
    /// Whether the node is ephemeral.
    var ephemeral: Bool
}

import ArgumentParser
import ShardedJobsOperations

/// `shardctl servers`: every server (IP) of the namespace.
struct ServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers",
        abstract: "List the namespace's servers with their instances and jobs.",
        discussion: """
            JSON: an array of {serverIp, instances, jobNames, instancesNum,
            jobsNum, disabledJobsNum}.
            """)

    @OptionGroup var global: GlobalOptions

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global
        try await ClusterConnection.run(global) { operations in
            let servers = try await operations.servers()
            if global.json { return try Output.json(servers) }
            Output.print(Output.table(
                ["SERVER", "INSTANCES", "JOBS", "DISABLED JOBS"],
                servers.map { ["\($0.serverIp)", "\($0.instancesNum)", "\($0.jobsNum)", "\($0.disabledJobsNum)"] }))
        }
    }
}

import ArgumentParser
import ShardedJobsOperations

/// What `disable` and `enable` act on: the whole job, one server, or one item.
struct ToggleTarget: ParsableArguments {
    @Argument(help: "The job's name.")
    var job: String

    @Option(help: "Only this server (its IP); its items move to the other servers.")
    var server: String?

    @Option(help: "Only this item.")
    var item: Int?

    func validate() throws {
        if server != nil && item != nil { throw ValidationError("Give --server or --item, not both.") }
        if let item, item < 0 { throw ValidationError("--item must be 0 or more.") }
    }

    /// Disables or enables the target and returns a sentence saying what changed.
    func apply(_ operations: JobOperations, enable: Bool) async throws -> String {
        let verb = enable ? "enabled" : "disabled"
        if let server {
            try await enable ? operations.enable(job: job, server: server) : operations.disable(job: job, server: server)
            return "\(verb) server \(server) of \(job)"
                + (enable ? "; the leader gives it items at the next resharding" : "; its items move to the other servers within seconds")
        }
        if let item {
            try await enable ? operations.enable(job: job, item: item) : operations.disable(job: job, item: item)
            return "\(verb) item \(item) of \(job)" + (enable ? "" : "; it is skipped until 'shardctl enable \(job) --item \(item)'")
        }
        let servers = try await enable ? operations.enable(job: job) : operations.disable(job: job)
        return "\(verb) \(job) on \(servers.count) server(s): \(servers.joined(separator: ", "))"
    }
}

/// `shardctl disable JOB [--server IP | --item N]`.
struct DisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable a job (every server), one server of it, or one item.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: ToggleTarget

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, target = self.target
        try await ClusterConnection.run(global) { operations in
            let message = try await target.apply(operations, enable: false)
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}

/// `shardctl enable JOB [--server IP | --item N]`.
struct EnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable a job (every server), one server of it, or one item.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: ToggleTarget

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, target = self.target
        try await ClusterConnection.run(global) { operations in
            let message = try await target.apply(operations, enable: true)
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}

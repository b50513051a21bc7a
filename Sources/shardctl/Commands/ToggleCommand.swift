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

    /// Disables or enables the target and returns a sentence saying what changed; a disable of
    /// the whole job with a `note` pauses it.
    func apply(_ operations: JobOperations, enable: Bool, note: String? = nil) async throws -> String {
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
        let servers = try await enable ? operations.enable(job: job) : operations.disable(job: job, note: note)
        return "\(verb) \(job) on \(servers.count) server(s): \(servers.joined(separator: ", "))"
            + (enable ? "; any pause note is cleared" : note.map { _ in "; paused with the note 'shardctl status \(job)' shows" } ?? "")
    }
}

/// `shardctl disable JOB [--server IP | --item N | --note TEXT]`.
struct DisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable a job (every server), one server of it, or one item.",
        discussion: """
            With --note, the whole job is paused: the note is stored in /{job}/pause, shown by
            'shardctl status' and the console, and cleared by 'shardctl enable JOB'.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: ToggleTarget

    @Option(help: "Why the job is disabled: pauses the whole job with this note.")
    var note: String?

    func validate() throws {
        try global.validateForCluster()
        guard let note else { return }
        if target.server != nil || target.item != nil { throw ValidationError("--note pauses the whole job: give it without --server or --item.") }
        if note.allSatisfy(\.isWhitespace) { throw ValidationError("--note must not be empty.") }
    }

    func run() async throws {
        let global = self.global, target = self.target, note = self.note
        try await ClusterConnection.run(global) { operations in
            let message = try await target.apply(operations, enable: false, note: note)
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}

/// `shardctl enable JOB [--server IP | --item N]`.
struct EnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable a job (every server), one server of it, or one item.",
        discussion: "Enabling the whole job also clears its pause note (a pause after failures, or a disable with --note).")

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

import ArgumentParser
import ShardedJobs
import ShardedJobsOperations

/// `shardctl config`: read and change a job's configuration.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read or change a job's configuration.",
        subcommands: [ConfigGetCommand.self, ConfigSetCommand.self])
}

/// `shardctl config get JOB`: the configuration as stored.
struct ConfigGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a job's configuration (YAML as stored, or a JSON object).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let configuration = try await operations.configuration(job: job)
            if global.json { return try Output.json(ConfigurationDocument(configuration)) }
            Output.print(configuration.yaml)
        }
    }
}

/// `shardctl config set JOB KEY=VALUE…`: change keys, validated before writing.
struct ConfigSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change keys of a job's configuration; running instances apply it at once.",
        discussion: """
            Keys (typed as in docs/configuration.md): \(ConfigurationChange.keys.joined(separator: ", ")),
            and props.NAME. Booleans are true/false; an empty value resets an
            optional key or removes a prop. The whole result is validated before
            it is written: an invalid value changes nothing and exits 1.
            Examples:
              shardctl config set order-sync 'cron=0/5 * * * * ?' shardingTotalCount=8
              shardctl config set export props.script.command.line='/opt/export.sh --full'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Argument(help: "KEY=VALUE changes.")
    var assignments: [String]

    func validate() throws {
        try global.validateForCluster()
        if assignments.isEmpty { throw ValidationError("Give at least one KEY=VALUE change.") }
    }

    func run() async throws {
        let global = self.global, job = self.job
        let changes: [ConfigurationChange]
        do throws(OperationsError) {
            changes = try assignments.map { text throws(OperationsError) in try ConfigurationChange(parsing: text) }
        } catch {
            ClusterConnection.fail(error.message, status: 1)
        }
        try await ClusterConnection.run(global) { operations in
            let before = try await operations.configuration(job: job)
            let after = try await operations.updateConfiguration(job: job, changes: changes)
            if global.json { return try Output.json(ConfigurationDocument(after)) }
            let lines = changes.map { change in
                "\(change.key): \(Self.value(of: change.key, in: before)) -> \(Self.value(of: change.key, in: after))"
            }
            Output.print(lines.joined(separator: "\n") + "\nwritten; running instances of \(job) apply it now\n")
        }
    }

    /// A key's value as the stored YAML shows it, for the before/after lines.
    static func value(of key: String, in configuration: JobConfiguration) -> String {
        if key.hasPrefix("props.") { return configuration.props[String(key.dropFirst(6))] ?? "(unset)" }
        if key == "jobListenerTypes" { return ConfigurationDocument(configuration).jobListenerTypes.joined(separator: ",") }
        if key == "fixedRate" { return configuration.schedule.fixedRate.map(DurationText.format) ?? "(unset)" }
        for line in configuration.yaml.split(separator: "\n") where line.hasPrefix(key + ": ") {
            return String(line.dropFirst(key.count + 2))
        }
        return "(unset)"
    }
}

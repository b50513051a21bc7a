import ArgumentParser
import Foundation
import ShardedJobs
import ShardedJobsOperations

/// `shardctl create JOB --type SCRIPT|HTTP …`: a job defined by configuration alone.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a SCRIPT or HTTP job from configuration alone.",
        discussion: """
            Writes /JOB (the type) and /JOB/config; workers that run configured
            jobs (sharded-worker) pick it up. A SCRIPT job needs
            --prop script.command.line=COMMAND, an HTTP job --prop http.uri=URL.
            The schedule is exactly one of --cron and --fixed-rate (fires at
            every whole multiple of the rate since the Unix epoch, in every
            time zone alike). Other settings: 'shardctl config set' afterwards.
            Example:
              shardctl create nightly-export --type SCRIPT --cron '0 0 2 * * ?' \\
                --items 4 --item-parameters '0=eu,1=us,2=apac,3=latam' \\
                --prop script.command.line=/opt/jobs/export.sh
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name (letters, digits, '.', '_', '-').")
    var job: String

    @Option(help: "SCRIPT or HTTP.")
    var type: String

    @Option(help: "Quartz cron expression, e.g. '0/10 * * * * ?'.")
    var cron: String?

    @Option(name: .customLong("fixed-rate"), help: "Instead of --cron: a rate such as 30s or 1500ms (at least 1s).")
    var fixedRate: String?

    @Option(help: "The number of items (shardingTotalCount).")
    var items: Int

    @Option(name: .customLong("item-parameters"), help: "Item parameters, e.g. '0=a,1=b'.")
    var itemParameters: String?

    @Option(name: .customLong("prop"), help: "A prop KEY=VALUE (repeatable).")
    var props: [String] = []

    @Option(name: .customLong("time-zone"), help: "The cron's time zone (default: this machine's).")
    var timeZone: String?

    @Option(help: "A description shown by 'shardctl jobs'.")
    var description: String?

    @Option(name: .customLong("job-parameter"), help: "A parameter passed to every item.")
    var jobParameter: String?

    func validate() throws {
        try global.validateForCluster()
        guard ConfiguredJobType(rawValue: type.uppercased()) != nil else {
            throw ValidationError("--type must be SCRIPT or HTTP, not '\(type)'.")
        }
        guard (cron == nil) != (fixedRate == nil) else {
            throw ValidationError("Give exactly one schedule: --cron EXPRESSION or --fixed-rate DURATION.")
        }
        if fixedRate != nil, timeZone != nil {
            throw ValidationError("--time-zone applies to --cron only: a fixed rate fires on the epoch's grid in every zone.")
        }
        for prop in props where !prop.contains("=") {
            throw ValidationError("--prop '\(prop)' must be KEY=VALUE.")
        }
    }

    func run() async throws {
        let global = self.global
        let configuration: JobConfiguration
        let type = ConfiguredJobType(rawValue: self.type.uppercased()) ?? .script
        do throws(OperationsError) {
            configuration = try makeConfiguration()
        } catch {
            ClusterConnection.fail(error.message, status: 1)
        }
        try await ClusterConnection.run(global, creatingNamespace: true) { operations in
            try await operations.create(configuration, type: type)
            let stored = try await operations.configuration(job: configuration.jobName)
            if global.json { return try Output.json(ConfigurationDocument(stored)) }
            Output.print(
                "created \(type) job \(stored.jobName): \(stored.shardingTotalCount) item(s), \(Self.schedule(stored.schedule))\n"
                    + "workers that run configured jobs (sharded-worker) pick it up; see it with 'shardctl status \(stored.jobName)'\n")
        }
    }

    /// `cron '0/10 * * * * ?' in Europe/Berlin`, or `every 3s`.
    static func schedule(_ schedule: JobSchedule) -> String {
        guard let cron = schedule.cron else { return schedule.summary }
        return "cron '\(cron)' in \(schedule.timeZoneIdentifier ?? "-")"
    }

    /// The configuration the options describe, checked key by key.
    private func makeConfiguration() throws(OperationsError) -> JobConfiguration {
        let schedule: JobSchedule
        do throws(JobConfigurationError) {
            try JobConfiguration.validateJobName(job)
            if let fixedRate {
                schedule = try JobSchedule(fixedRate: fixedRate)
            } else {
                schedule = try JobSchedule(cron: cron ?? "", timeZone: timeZone)
            }
        } catch {
            throw OperationsError(.invalidValue, "invalid configuration: \(error.description)")
        }
        var configuration = JobConfiguration(name: job, schedule: schedule, shardingTotalCount: items)
        var changes: [ConfigurationChange] = []
        if let itemParameters { changes.append(try ConfigurationChange(key: "shardingItemParameters", value: itemParameters)) }
        if let description { changes.append(try ConfigurationChange(key: "description", value: description)) }
        if let jobParameter { changes.append(try ConfigurationChange(key: "jobParameter", value: jobParameter)) }
        for prop in props {
            let parts = prop.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            changes.append(try ConfigurationChange(key: "props." + parts[0], value: parts.count > 1 ? parts[1] : ""))
        }
        for change in changes { try change.apply(to: &configuration) }
        return configuration
    }
}

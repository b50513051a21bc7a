import Logging
import ShardedJobs
import ShardedJobsHTTP
import ShardedJobsZooKeeper

/// Registers a job defined by its stored configuration alone.
enum ConfiguredJob {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func register(_ name: String, client: ZooKeeperClient, scheduler: JobScheduler, logger: Logger) async throws {
        let paths = JobNodePath(jobName: name)
        guard try await client.exists(paths.config) != nil else {
            throw Failure(description: "job \(name) has no configuration at \(paths.config) in the namespace")
        }
        let configuration = try JobConfiguration(yaml: try await client.getData(paths.config).bytes)
        let stored = (try? await client.getData(paths.root))?.string ?? ""
        let type = [CommandLineScriptJob.jobTypeName, HTTPJob.jobTypeName].contains(stored)
            ? stored : (configuration.props["script.command.line"] != nil ? CommandLineScriptJob.jobTypeName : HTTPJob.jobTypeName)
        if configuration.errorHandler == .webhook, scheduler.settings.errorHandlers[.webhook] == nil {
            // Not configured: say what is missing (this throws, as the variable is absent).
            _ = try WebhookErrorHandler.fromEnvironment()
        }
        logger.info("job \(name): \(type), \(configuration.schedule.summary), \(configuration.shardingTotalCount) items")
        if type == CommandLineScriptJob.jobTypeName {
            try await scheduler.register(script: CommandLineScriptJob(), configuration: configuration)
        } else {
            try await scheduler.register(simple: HTTPJob(), configuration: configuration)
        }
    }
}

import ArgumentParser

/// The `shardctl` command-line tool of ShardedJobs.
///
/// A root command that only groups subcommands: the `cron` group evaluates
/// Quartz cron expressions offline; the others read and steer a cluster's
/// jobs through ZooKeeper with the `ShardedJobsOperations` module. Each
/// command lives in its own file in `Commands/`; what they share (global
/// options, connecting, output, confirmation) is in `Cluster/`.
@main
struct ShardCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shardctl",
        abstract: "Operate ShardedJobs: see and steer a cluster's jobs, evaluate cron schedules.",
        discussion: """
            Cluster commands need the namespace: --namespace NAME or
            SHARDCTL_NAMESPACE. --zk (SHARDCTL_ZK, default 127.0.0.1:2181),
            --digest (SHARDCTL_DIGEST) and --json go before or after the
            subcommand.

            Exit status: 0 success; 1 the operation failed or a value was
            invalid (a bad cron, a bad configuration value, no permission,
            ZooKeeper unreachable); 3 a namespace, job, server, instance or item
            was not found; 64 command-line usage. Messages go to standard error
            and say what to do next.

            Examples:
              export SHARDCTL_ZK=zk1:2181,zk2:2181 SHARDCTL_NAMESPACE=shop
              shardctl jobs
              shardctl sharding order-sync
              shardctl disable order-sync --server 10.0.0.5
              shardctl config set order-sync 'cron=0/30 * * * * ?'
              shardctl backfill order-sync --from 2026-12-06T00:00:00Z --to 2026-12-06T06:00:00Z
              shardctl cron next '0 30 2 * * ?' --time-zone America/New_York --count 3
            """,
        version: "0.2.0",
        subcommands: [
            JobsCommand.self, StatusCommand.self, ShardingCommand.self, ServersCommand.self, InstancesCommand.self,
            TriggerCommand.self, KillCommand.self, BackfillCommand.self, PendingCommand.self, CancelCommand.self,
            DisableCommand.self, EnableCommand.self, DrainCommand.self, UndrainCommand.self, ShutdownCommand.self, RemoveCommand.self,
            CreateCommand.self, ConfigCommand.self, DumpCommand.self, WatchCommand.self, CronCommand.self,
        ]
    )

    /// Runs the command line, after moving global options given before the subcommand to
    /// after it (see ``GlobalArguments``).
    static func main() async {
        let arguments = GlobalArguments.reorder(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

#if Console && SQLiteTracing && PostgresTracing
// sharded-console: the web console of a namespace (`serve`) and a job's execution history from a
// tracing store on the terminal (`history`). Kept apart from shardctl so that the operator CLI
// builds no web server and no database driver.
import ArgumentParser

/// `sharded-console serve …` and `sharded-console history JOB …`.
@main
struct ShardedConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharded-console",
        abstract: "The ShardedJobs web console, and job history from a tracing store.",
        subcommands: [ServeCommand.self, HistoryCommand.self])
}
#endif

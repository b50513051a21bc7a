import ArgumentParser

/// The `shardctl` command-line tool of ShardedJobs.
///
/// A root command that only groups subcommands. Today it has one group,
/// `cron`, for evaluating Quartz cron expressions offline
/// (`shardctl cron next`, `shardctl cron bench`); later groups will operate
/// on a running cluster. Each group lives in its own file as a
/// `ParsableCommand` with its own subcommands, and is listed here.
@main
struct ShardCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shardctl",
        abstract: "Operate ShardedJobs: evaluate cron schedules and, later, manage a cluster.",
        discussion: """
            Subcommand groups:
              cron    Evaluate Quartz cron expressions (next fire times, benchmark).

            Exit status: 0 on success, 1 when an expression, time zone or date
            is rejected (the message goes to standard error), 64 for a usage
            error. Batch mode always exits 0 once its input is read; its
            per-case errors are part of its output.

            Examples:
              shardctl cron next '0 30 2 * * ?' --time-zone America/New_York --count 3
              shardctl cron next --batch < cases.tsv
              shardctl cron bench < scripts/cron-bench-corpus.tsv
            """,
        version: "0.1.0",
        subcommands: [CronCommand.self]
    )
}

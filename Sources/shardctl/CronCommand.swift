import ArgumentParser

/// `shardctl cron`: the group of commands that evaluate Quartz cron expressions.
///
/// Works offline, without a cluster: `next` lists fire times (one expression
/// from the command line, or many in batch mode from standard input) and
/// `bench` measures the engine on a corpus in the batch format. The engine
/// itself is the `Cron` library module; these commands only read input and
/// print its results.
struct CronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Evaluate Quartz cron expressions.",
        discussion: """
            Expressions use the Quartz 2.3 dialect: six or seven fields
            (second minute hour day-of-month month day-of-week [year]) with
            exactly one of the two day fields '?'. Time zones are IANA
            identifiers (Europe/Berlin), UTC, or GMT±hh:mm. See docs/cron.md
            for the syntax and the four deliberate differences from Quartz at
            DST changes and for malformed forms.
            """,
        subcommands: [CronNextCommand.self, CronBenchCommand.self]
    )
}

import ArgumentParser

/// `shardctl cron`: the group of commands that evaluate Quartz cron expressions.
///
/// Works offline, without a cluster: `next` lists fire times (one expression
/// from the command line, or many in batch mode from standard input) and
/// `bench` measures the engine on a corpus in the batch format. The engine
/// itself is the `ShardedJobsCron` library module; these commands only read input and
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

            Fields and special characters:
              second        0-59        , - * /
              minute        0-59        , - * /
              hour          0-23        , - * /   (22-2 wraps around midnight)
              day-of-month  1-31        , - * / ? L L-n LW L-nW nW
              month         1-12, JAN-DEC          , - * /
              day-of-week   1-7 (1 = Sunday), SUN-SAT  , - * / ? L nL n#k
              year          1970-2099 (optional)   , - * /

            Examples:
              0 0 12 * * ?          every day at noon
              0 15 10 ? * MON-FRI   10:15 on weekdays
              0 0 12 LW * ?         noon on the last weekday of the month
              0 0 9 ? * 2#1         9:00 on the first Monday of the month
            """,
        subcommands: [CronNextCommand.self, CronBenchCommand.self]
    )
}

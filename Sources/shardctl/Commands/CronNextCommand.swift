import ArgumentParser
import ShardedJobsCron
import Foundation

/// `shardctl cron next`: the next fire times of an expression, or of many in batch mode.
///
/// With an expression, prints up to `--count` fire times after `--after`
/// (default now) in `--time-zone` (default the process's zone), one per line
/// as `yyyy-MM-ddTHH:mm:ss±hh:mm`; fewer when the schedule ends before 2100.
/// An invalid expression, zone or date is printed on standard error and the
/// command exits 1.
///
/// With `--batch`, reads `EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N`
/// lines from standard input and prints a `CASE … END` block per case (see
/// `CronBatch` and docs/cron.md); it exits 0 once the input is read.
struct CronNextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Print the next fire times of a cron expression.",
        discussion: """
            The expression may be one quoted argument or its fields as separate
            arguments: shardctl cron next '0 0 12 ? * MON-FRI' --count 3

            Batch mode reads lines EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N
            from standard input and prints for each case:
              CASE <id>  <expr>  <tz>  <start>  <n>   (tab-separated, as read)
              FIRE  <epoch millis>  <local time>      (one per fire time)
              NONE                                    (when fewer than N exist)
              INVALID: <message>                      (instead of FIRE/NONE)
              END
            """
    )

    @Argument(help: "The cron expression (quote it, or give its fields as separate arguments).")
    var expression: [String] = []

    @Option(name: .customLong("time-zone"), help: "IANA time zone, UTC or GMT±hh:mm (default: the process's zone).")
    var timeZone: String?

    @Option(help: "ISO 8601 instant to start after, e.g. 2024-03-10T00:00:00-05:00 (default: now).")
    var after: String?

    @Option(help: "How many fire times to print.")
    var count: Int = 5

    @Flag(help: "Read cases from standard input (EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N).")
    var batch = false

    func validate() throws {
        if batch && !expression.isEmpty {
            throw ValidationError("--batch reads expressions from standard input; do not give one as an argument.")
        }
        if !batch && expression.isEmpty {
            throw ValidationError("Give a cron expression, or --batch to read cases from standard input.")
        }
        if count < 0 { throw ValidationError("--count must be 0 or more.") }
    }

    func run() throws {
        if batch {
            runBatch()
            return
        }
        do {
            let cron = try CronExpression(expression.joined(separator: " "))
            let zone = try timeZone.map { name throws(CronError) in try CronTimeZone(name) } ?? .current
            let start = try after.map { text throws(CronError) in try CronTimeFormat.date(fromISO8601: text, in: zone) } ?? Date()
            var output = ""
            for date in cron.fireTimes(after: start, in: zone).prefix(count) {
                output += CronTimeFormat.string(date, in: zone) + "\n"
            }
            StandardStreams.write(output)
        } catch {
            StandardStreams.writeError("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func runBatch() {
        var runner = CronBatch()
        var buffer = ""
        for line in StandardStreams.lines() {
            guard let block = runner.run(line: line) else { continue }
            buffer += block
            if buffer.utf8.count >= 1 << 16 {
                StandardStreams.write(buffer)
                buffer = ""
            }
        }
        StandardStreams.write(buffer)
    }
}

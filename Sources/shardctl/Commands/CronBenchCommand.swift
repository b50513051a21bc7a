import ArgumentParser
import ShardedJobsCron

/// `shardctl cron bench`: measures next-fire computations and parses per second.
///
/// Reads a corpus in the batch format (`EXPR<TAB>TIMEZONE<TAB>START<TAB>N`)
/// from standard input, warms up for one second, then counts next-fire
/// computations for 3 s (10 successive fire times from each valid case's
/// start, looped) and parses for 1 s (every case's expression, looped), and
/// prints one line:
///
///     cron: <V> expressions: <X> next-fire/s, <Y> parses/s
///
/// Build in release mode (`swift build -c release`) for meaningful figures.
struct CronBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the cron engine on a corpus read from standard input.",
        discussion: """
            Input: lines EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N, as for
            'shardctl cron next --batch'; N is ignored. Output, after about
            5 seconds:
              cron: <V> expressions: <X> next-fire/s, <Y> parses/s
            where V counts the valid cases. Example:
              swift build -c release
              .build/release/shardctl cron bench < scripts/cron-bench-corpus.tsv
            """
    )

    @Option(help: "Seconds to spend counting next-fire computations.")
    var duration: Double = 3

    func validate() throws {
        if !(duration > 0 && duration <= 600) { throw ValidationError("--duration must be in (0, 600].") }
    }

    func run() throws {
        let benchmark = CronBenchmark(lines: StandardStreams.lines())
        let result = benchmark.run(warmUp: 1, nextFireDuration: duration, parseDuration: 1)
        StandardStreams.write("\(result)\n")
    }
}

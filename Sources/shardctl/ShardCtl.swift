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

            Examples:
              shardctl cron next '0 30 2 * * ?' --time-zone America/New_York --count 3
              shardctl cron next --batch < cases.tsv
              shardctl cron bench < scripts/cron-bench-corpus.tsv
            """,
        version: "0.1.0",
        subcommands: [CronCommand.self]
    )
}

/// Writes text to standard output and standard error without `print`'s per-call overhead.
///
/// Shared by the subcommands: batch output is collected into chunks and
/// written with one system call each.
enum StandardStreams {
    /// Writes `text` to standard output as it is.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in writeAll(1, buffer) }
    }

    /// Writes `text` and a newline to standard error.
    static func writeError(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { buffer in writeAll(2, buffer) }
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard var pointer = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = systemWrite(descriptor, pointer, remaining)
            if written <= 0 { return }
            pointer += written
            remaining -= written
        }
    }

    /// Reads standard input line by line, without the line feed (a CR is left for the caller).
    static func lines() -> AnySequence<String> {
        AnySequence {
            AnyIterator {
                guard let line = readLine(strippingNewline: false) else { return nil }
                var bytes = Array(line.utf8)
                if bytes.last == 0x0A { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}

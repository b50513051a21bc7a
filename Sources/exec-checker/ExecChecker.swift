import ArgumentParser
import ExecutionChecker
import Foundation

/// The `exec-checker` command: reads worker logs and reports duplicates, lost item-fires and
/// broken rules.
///
/// It implements DESIGN sections 10 and 12.3 through the ``ExecutionChecker`` library and
/// prints the duplicates, lost, excused and violations lists (bounded by `--limit`), the counts,
/// and last the summary line `item-fires checked N, duplicates D, lost L, excused E,
/// violations V, failed F, skipped S`. Exit status: 0 when there is no duplicate, no lost
/// item-fire and no violation, 1 otherwise, 64 on a usage error (including an unreadable file,
/// a malformed fires, kills or cuts file, and a log line with an unknown source or skip reason).
@main
struct ExecChecker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-checker",
        abstract: "Check worker logs for duplicate executions, lost item-fires and broken rules (DESIGN 10, 12.3).",
        discussion: """
            Reads the EXEC, FAIL and SKIP lines (and counts BOOT, READY, BEGIN, FENCED and other \
            lines) of every LOGFILE ('-' is standard input). Each job's schedule is --period-ms \
            (with --phase-ms), --fires-file or --depends-on, and its item count --items; a bare \
            value applies to every job, JOB=VALUE to one. Jobs: each --job, plus --jobs-prefix P \
            --jobs N (P0 … P<N-1>, or P alone when N is 1, as bench-worker names them); with \
            neither, every job named in the logs.

            Exit status: 0 clean, 1 duplicates, lost item-fires or violations, 64 usage error.
            """
    )

    @OptionGroup(title: "Jobs")
    var jobOptions: JobOptions

    @Option(help: ArgumentHelp("A job to check (repeatable).", valueName: "name"))
    var job: [String] = []

    @Option(help: ArgumentHelp("Check the jobs <prefix>0 … <prefix><n-1> (with --jobs).", valueName: "prefix"))
    var jobsPrefix: String?

    @Option(help: ArgumentHelp("The number of jobs named by --jobs-prefix.", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("The checked window's start, epoch ms.", valueName: "ms"))
    var from: Int64

    @Option(help: ArgumentHelp("The checked window's end, epoch ms.", valueName: "ms"))
    var to: Int64

    @Option(help: ArgumentHelp("One item's work time in ms (the window's end margin).", valueName: "ms"))
    var workMs: Int64

    @Option(
        help: ArgumentHelp("A kill of a worker: its tag and the kill time (repeatable).", valueName: "tag@ms"),
        transform: OptionFormats.kill)
    var kill: [CheckConfiguration.Kill] = []

    @Option(help: ArgumentHelp("A file of kills, one 'TAG@MS' or 'TAG MS' per line.", valueName: "file"))
    var killsFile: String?

    @Option(
        help: ArgumentHelp(
            "A worker cut off (partition, link down, freeze start): its tag and the time (repeatable).",
            valueName: "tag@ms"),
        transform: OptionFormats.kill)
    var cut: [CheckConfiguration.Cut] = []

    @Option(help: ArgumentHelp("A file of cuts, one 'TAG@MS' or 'TAG MS' per line.", valueName: "file"))
    var cutsFile: String?

    @Option(help: ArgumentHelp("How long after an EXEC's end a kill or cut of its worker excuses a re-run.", valueName: "ms"))
    var killWindowMs: Int64 = CheckConfiguration.defaultKillWindowMs

    @Option(help: ArgumentHelp("How long before an EXEC's end a kill or cut of its worker excuses a re-run.", valueName: "ms"))
    var excuseBeforeMs: Int64 = CheckConfiguration.defaultExcuseBeforeEndMs

    @Option(
        help: ArgumentHelp(
            "Fires in FROM-TO (epoch ms) are not checked for loss (repeatable; not part of DESIGN section 10).",
            valueName: "from-to"),
        transform: OptionFormats.range)
    var exclude: [ClosedRange<Int64>] = []

    @Flag(help: "Fail any NORMAL_TRIGGER or MISFIRE execution whose fire is not on its job's schedule.")
    var failOffSchedule = false

    @Option(help: ArgumentHelp("The most entries printed per list.", valueName: "n"))
    var limit: Int = 20

    @Argument(help: ArgumentHelp("Worker log files ('-' for standard input).", valueName: "logfile"))
    var logFiles: [String]

    func validate() throws {
        if (jobsPrefix == nil) != (jobs == nil) { throw ValidationError("--jobs-prefix and --jobs go together") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if from > to { throw ValidationError("--from must not be after --to") }
        if workMs < 0 || killWindowMs < 0 || excuseBeforeMs < 0 || limit < 0 {
            throw ValidationError("--work-ms, --kill-window-ms, --excuse-before-ms and --limit must not be negative")
        }
        if logFiles.isEmpty { throw ValidationError("give at least one log file") }
    }

    func run() throws {
        var log = ParsedLog()
        for path in logFiles {
            log.append(data: try Self.read(path), file: path)
        }
        if let first = log.unknownWords.first {
            let more = log.unknownWordCount > 1 ? " (and \(log.unknownWordCount - 1) more such lines)" : ""
            try Self.usage { throw ValidationError("\(first.location): \(first.line.problem): \(first.line.text)\(more)") }
        }
        var kills = kill
        if let killsFile {
            kills += try Self.usage { try OptionFormats.kills(fileText: try Self.readText(killsFile), file: killsFile) }
        }
        var cuts = cut
        if let cutsFile {
            cuts += try Self.usage { try OptionFormats.kills(fileText: try Self.readText(cutsFile), file: cutsFile) }
        }
        let names = jobNames(log)
        let specs = try Self.usage {
            try jobOptions.specs(for: names) { path in
                try OptionFormats.fires(fileText: try Self.readText(path), file: path)
            }
        }
        let configuration = CheckConfiguration(
            jobs: specs, windowStart: from, windowEnd: to, workMs: workMs, kills: kills, cuts: cuts,
            killWindowMs: killWindowMs, excuseBeforeEndMs: excuseBeforeMs, excludedFires: exclude,
            failOffSchedule: failOffSchedule)
        if let problem = configuration.problems.first {
            let hint = names.isEmpty ? ": name one with --job, or the logs have no EXEC, FAIL or SKIP line" : ""
            try Self.usage { throw ValidationError(problem + hint) }
        }
        let report = ExecutionChecker(configuration: configuration).check(log)
        if job.isEmpty && jobsPrefix == nil {
            print("jobs (from the logs): \(names.count)")
        }
        print(report.render(limit: limit), terminator: "")
        if !report.isClean { throw ExitCode(1) }
    }

    /// The checked job names: `--job`s, then the `--jobs-prefix` family, else the logs' jobs.
    private func jobNames(_ log: ParsedLog) -> [String] {
        var names = job
        if let jobsPrefix, let jobs {
            names += jobs == 1 ? [jobsPrefix] : (0..<jobs).map { "\(jobsPrefix)\($0)" }
        }
        if names.isEmpty {
            names = Set(log.executions.map(\.job) + log.failures.map(\.job) + log.skips.map(\.job)).sorted()
        }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// Reads a file, or standard input for `-`; an unreadable file is a usage error.
    private static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        return try usage {
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError("cannot read \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Reads a text file (fires or kills) as UTF-8.
    private static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Runs `body`, turning a `ValidationError` into a message on standard error and exit 64.
    private static func usage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("exec-checker: \(error.message)\n".utf8))
            throw ExitCode(64)
        }
    }
}

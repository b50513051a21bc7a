import ArgumentParser
import ExecutionChecker
import Foundation

/// The `exec-checker` command: reads worker logs and reports duplicates and lost item-fires.
///
/// It implements DESIGN section 10 through the ``ExecutionChecker`` library and prints the
/// duplicates and lost lists (bounded by `--limit`), the counts, and last the summary line
/// `item-fires checked N, duplicates D, lost L`. Exit status: 0 when there is neither a
/// duplicate nor a lost item-fire, 1 otherwise, 64 on a usage error (including an unreadable
/// file or a malformed fires or kills file).
@main
struct ExecChecker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-checker",
        abstract: "Check worker logs for duplicate executions and lost item-fires (DESIGN section 10).",
        discussion: """
            Reads the EXEC lines (and counts BOOT, READY, BEGIN, FENCED and other lines) of
            every LOGFILE ('-' is standard input). Every checked job shares the schedule
            (--period-ms/--phase-ms or --fires-file) and --items. Jobs: each --job, plus
            --jobs-prefix P --jobs N (P0 … P<N-1>, or P alone when N is 1, as bench-worker
            names them); with neither, every job named in the logs.
            Exit status: 0 clean, 1 duplicates or lost item-fires, 64 usage error.
            """
    )

    @Option(help: ArgumentHelp("The fire period in ms (fires at times ≡ phase mod period).", valueName: "ms"))
    var periodMs: Int64?

    @Option(help: ArgumentHelp("The phase of the fire period in ms.", valueName: "ms"))
    var phaseMs: Int64 = 0

    @Option(help: ArgumentHelp(
        "A file of fire times in epoch ms (numbers, or 'FIRE <ms>' lines of 'shardctl cron next --batch'), instead of --period-ms.",
        valueName: "file"))
    var firesFile: String?

    @Option(help: ArgumentHelp("The number of sharding items of each job.", valueName: "n"))
    var items: Int

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

    @Option(help: ArgumentHelp("How long after an EXEC a kill of its worker excuses a re-run.", valueName: "ms"))
    var killWindowMs: Int64 = CheckConfiguration.defaultKillWindowMs

    @Option(
        help: ArgumentHelp(
            "Disabled items: [JOB:]ITEM,ITEM…[@FROM-TO] — of one job or all, always or for the fires in FROM-TO (repeatable).",
            valueName: "items"),
        transform: DisabledOption.init(parsing:))
    var disabled: [DisabledOption] = []

    @Option(
        help: ArgumentHelp(
            "Fires in FROM-TO (epoch ms) are not checked for loss (repeatable; not part of DESIGN section 10).",
            valueName: "from-to"),
        transform: OptionFormats.range)
    var exclude: [ClosedRange<Int64>] = []

    @Option(help: ArgumentHelp("The most entries printed per list.", valueName: "n"))
    var limit: Int = 20

    @Argument(help: ArgumentHelp("Worker log files ('-' for standard input).", valueName: "logfile"))
    var logFiles: [String]

    func validate() throws {
        if (periodMs == nil) == (firesFile == nil) { throw ValidationError("give either --period-ms or --fires-file") }
        if let periodMs, periodMs <= 0 { throw ValidationError("--period-ms must be positive") }
        if items < 1 { throw ValidationError("--items must be at least 1") }
        if (jobsPrefix == nil) != (jobs == nil) { throw ValidationError("--jobs-prefix and --jobs go together") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if from > to { throw ValidationError("--from must not be after --to") }
        if workMs < 0 || killWindowMs < 0 || limit < 0 {
            throw ValidationError("--work-ms, --kill-window-ms and --limit must not be negative")
        }
        if let item = disabled.flatMap(\.items).first(where: { $0 >= items }) {
            throw ValidationError("disabled item \(item) is not below --items \(items)")
        }
        if logFiles.isEmpty { throw ValidationError("give at least one log file") }
    }

    func run() throws {
        var log = ParsedLog()
        for path in logFiles {
            log.append(data: try Self.read(path), file: path)
        }
        let schedule: FireSchedule
        if let firesFile {
            let fires = try Self.usage { try OptionFormats.fires(fileText: try Self.readText(firesFile), file: firesFile) }
            schedule = .explicit(fires)
        } else {
            schedule = .periodic(periodMs: periodMs ?? 1, phaseMs: phaseMs)
        }
        var kills = kill
        if let killsFile {
            kills += try Self.usage { try OptionFormats.kills(fileText: try Self.readText(killsFile), file: killsFile) }
        }
        let names = jobNames(log)
        for option in disabled {
            if let job = option.job, !names.contains(job) {
                try Self.usage { throw ValidationError("--disabled names job '\(job)', which is not checked") }
            }
        }
        let specs = names.map { name in
            JobSpec(name: name, schedule: schedule, itemCount: items, disabled: DisabledOption.entries(disabled, for: name))
        }
        let configuration = CheckConfiguration(
            jobs: specs, windowStart: from, windowEnd: to, workMs: workMs,
            kills: kills, killWindowMs: killWindowMs, excludedFires: exclude)
        if let problem = configuration.problems.first {
            let hint = names.isEmpty ? ": name one with --job, or the logs have no EXEC line" : ""
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
            names = Set(log.executions.map(\.job)).sorted()
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

import ExecutionChecker
import Foundation

/// One `bench-worker` child process whose standard output goes to a file that the
/// orchestrator reads as it grows.
///
/// Output goes to a file rather than a pipe so that the orchestrator never has to keep up with
/// a worker (nothing blocks a worker's `write`), and so that the lines survive for
/// `--keep-logs`. `refresh()` parses the complete lines written since the last call into
/// `log`.
@MainActor
final class WorkerProcess {
    /// The worker's tag (`w0`, `w1`, ...).
    let tag: String
    /// The file that receives the worker's standard output.
    let outputPath: String
    /// When the orchestrator started the process (epoch ms, just before the spawn).
    let spawnMillis: Int64
    /// Every worker line parsed so far.
    private(set) var log = ParsedLog()

    private let process: Process
    private var offset: UInt64 = 0
    private var pending = Data()
    private var terminated = false

    /// Starts a worker.
    ///
    /// - Parameters:
    ///   - executable: the `bench-worker` path.
    ///   - arguments: its positional arguments; `--tag=` is added.
    ///   - tag: the worker's tag.
    ///   - directory: where its output files go (`<tag>.out`, `<tag>.err`).
    init(executable: String, arguments: [String], tag: String, directory: String) throws {
        self.tag = tag
        outputPath = directory + "/\(tag).out"
        let errorPath = directory + "/\(tag).err"
        for path in [outputPath, errorPath] {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BenchError.file(path)
            }
        }
        guard let output = FileHandle(forWritingAtPath: outputPath), let errors = FileHandle(forWritingAtPath: errorPath)
        else { throw BenchError.file(outputPath) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--tag=\(tag)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        spawnMillis = WallClock.nowMillis()
        try process.run()
        try? output.close()
        try? errors.close()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the process still runs.
    var isRunning: Bool { process.isRunning }

    /// Parses the complete lines the worker wrote since the last call.
    func refresh() {
        guard let handle = FileHandle(forReadingAtPath: outputPath) else { return }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            guard let data = try handle.readToEnd(), !data.isEmpty else { return }
            offset += UInt64(data.count)
            pending.append(data)
        } catch {
            return
        }
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return }
        let complete = pending[pending.startIndex...lastNewline]
        log.append(data: Data(complete), file: outputPath)
        pending = Data(pending[pending.index(after: lastNewline)...])
    }

    /// Sends SIGTERM (once: a second signal is not sent) to start a graceful shutdown.
    func terminate() {
        guard !terminated, process.isRunning else { return }
        terminated = true
        kill(process.processIdentifier, SIGTERM)
    }

    /// Sends SIGTERM unless `terminate()` did, and waits for the exit; SIGKILL after `grace`.
    ///
    /// - Parameter grace: how long a graceful shutdown may take.
    /// - Returns: the exit status, or nil when the worker had to be killed.
    func stop(grace: Duration) async -> Int32? {
        terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            refresh()
            return nil
        }
        process.waitUntilExit()
        refresh()
        return process.terminationStatus
    }

    /// Kills the worker at once if it still runs (clean-up after a failure).
    func killNow() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

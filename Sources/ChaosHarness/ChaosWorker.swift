import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting
import Synchronization
import TestSupport

/// One `bench-worker` process of a chaos cluster, its standard output going to a file that the
/// harness parses as it grows.
///
/// Output goes to a file, not a pipe, so that nothing ever blocks a worker's `write` (a frozen
/// harness must not freeze its workers) and the lines survive the run for the report.
/// `refresh()` parses the complete lines written since the last call.
public final class ChaosWorker: Sendable {
    /// The worker's tag, as in its lines.
    public let tag: String
    /// The file receiving its standard output.
    public let outputPath: String
    /// The file receiving its standard error (its log, at `BENCH_LOG`'s level).
    public let errorPath: String
    /// When the harness spawned it, epoch milliseconds.
    public let spawnMillis: Int64

    private let process: Process
    private let state = Mutex(ParseState())
    /// The exit status, recorded by the process's termination handler.
    private let exits = EventLog<Int32>()

    private struct ParseState {
        var offset: UInt64 = 0
        var pending = Data()
        var log = ParsedLog()
        var sessions: [SessionLine] = []
        var signalled = false
    }

    /// The network namespace it runs in, or nil for the harness's own.
    public let networkNamespace: String?

    /// Starts a worker.
    ///
    /// - Parameters:
    ///   - executable: The `bench-worker` path.
    ///   - arguments: Its arguments without the tag.
    ///   - tag: Its tag.
    ///   - directory: Where `TAG.out` and `TAG.err` go.
    ///   - networkNamespace: The network namespace to run it in (`ip netns exec`, which keeps
    ///     the pid), or nil.
    public init(
        executable: String, arguments: [String], tag: String, directory: String, networkNamespace: String? = nil
    ) throws {
        self.tag = tag
        self.networkNamespace = networkNamespace
        outputPath = directory + "/\(tag).out"
        errorPath = directory + "/\(tag).err"
        for path in [outputPath, errorPath] where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw ChaosError("cannot create \(path)")
        }
        guard let output = FileHandle(forWritingAtPath: outputPath), let errors = FileHandle(forWritingAtPath: errorPath) else {
            throw ChaosError("cannot open \(outputPath)")
        }
        let command = try NetworkNamespaceCommand.wrap(executable, arguments + ["--tag=\(tag)"], in: networkNamespace)
        process = Process()
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exits] process in exits.record(process.terminationStatus) }
        spawnMillis = ChaosClock.nowMillis()
        try process.run()
        try? output.close()
        try? errors.close()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether the process still runs (a frozen process runs).
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` while the process runs (never to a reaped, possibly recycled, pid).
    ///
    /// - Parameter signal: The signal (`SIGKILL`, `SIGSTOP`, `SIGCONT`, `SIGTERM`).
    public func send(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits until every thread of the process is stopped (after `SIGSTOP`): from then on it
    /// writes nothing, so every line it wrote before the stop is in its output file.
    ///
    /// Polled: a stop is announced only to a parent's `waitpid(WUNTRACED)`, which `Process`
    /// does not offer; the threads' states are read from `/proc`.
    ///
    /// - Parameter timeout: How long the kernel may take.
    public func waitUntilStopped(timeout: Duration) async throws {
        let pid = process.processIdentifier
        try await poll("\(tag) (pid \(pid)) stopped", within: timeout, every: .milliseconds(5)) {
            guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return true }
            return threads.allSatisfy { thread in
                // `pid (comm) S …`: the state follows the last `)`, `T` when stopped by a signal.
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return true }  // the thread ended
                return stat[stat.index(after: close)...].trimmingPrefix(" ").first == "T"
            }
        }
    }

    /// Waits for the process to exit.
    ///
    /// - Parameter timeout: How long to wait.
    /// - Returns: Its exit status (the signal number for a signalled process), or nil if it
    ///   still runs.
    public func waitForExit(timeout: Duration) async -> Int32? {
        do {
            let status = try await exits.first("\(tag) to exit", within: timeout) { $0.first }
            refresh()
            return status
        } catch {
            return nil  // still running at the deadline (or the wait was cancelled)
        }
    }

    /// Everything parsed so far (call `refresh()` first for the latest lines).
    public var log: ParsedLog { state.withLock { $0.log } }

    /// The `SESSION` lines parsed so far.
    public var sessions: [SessionLine] { state.withLock { $0.sessions } }

    /// Parses the complete lines the worker wrote since the last call.
    public func refresh() {
        guard let handle = FileHandle(forReadingAtPath: outputPath) else { return }
        defer { try? handle.close() }
        state.withLock { state in
            guard (try? handle.seek(toOffset: state.offset)) != nil,
                let data = try? handle.readToEnd(), !data.isEmpty
            else { return }
            state.offset += UInt64(data.count)
            state.pending.append(data)
            guard let lastNewline = state.pending.lastIndex(of: UInt8(ascii: "\n")) else { return }
            let complete = Data(state.pending[state.pending.startIndex...lastNewline])
            state.pending = Data(state.pending[state.pending.index(after: lastNewline)...])
            state.log.append(data: complete, file: outputPath)
            for line in String(decoding: complete, as: UTF8.self).split(separator: "\n") where line.hasPrefix("SESSION ") {
                if let session = SessionLine(parsing: line) { state.sessions.append(session) }
            }
        }
    }

    /// Items this worker had begun and not yet committed or fenced at `millis`.
    ///
    /// - Parameter millis: The instant, epoch milliseconds.
    /// - Returns: The `BEGIN` lines of the items in flight then.
    public func inFlight(at millis: Int64) -> [LogLine.Begin] {
        refresh()
        let log = self.log
        let finished = Set(log.executions.filter { $0.end <= millis }.map { ItemFire(job: $0.job, fire: $0.scheduledFire, item: $0.item) })
        return log.begins.filter { begin in
            begin.start <= millis && !finished.contains(ItemFire(job: begin.job, fire: begin.scheduledFire, item: begin.item))
                && !log.fenced.contains { $0.job == begin.job && $0.scheduledFire == begin.scheduledFire && $0.item == begin.item }
        }
    }
}

/// One job's scheduled fire of one item.
public struct ItemFire: Sendable, Hashable, CustomStringConvertible {
    /// The job's name.
    public var job: String
    /// The scheduled fire, epoch milliseconds.
    public var fire: Int64
    /// The sharding item.
    public var item: Int

    /// Creates an item-fire.
    ///
    /// - Parameters:
    ///   - job: The job's name.
    ///   - fire: The scheduled fire, epoch milliseconds.
    ///   - item: The sharding item.
    public init(job: String, fire: Int64, item: Int) {
        self.job = job
        self.fire = fire
        self.item = item
    }

    /// `job fire item`.
    public var description: String { "\(job) fire \(fire) item \(item)" }
}

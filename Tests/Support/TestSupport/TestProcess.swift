import Foundation

/// A child process of a test whose output lines, the end of its output and its exit are
/// recorded as they happen, so that every wait on it is an event with a deadline.
///
/// Standard output (and standard error, when merged) is read on a thread of its own: each
/// complete line is recorded when it arrives (and copied to `logFile` when one is given); the
/// exit is recorded by the process's termination handler. Standard input is /dev/null.
public final class TestProcess: Sendable {
    /// What happened to the process, in order.
    public enum Event: Sendable, Hashable {
        /// A complete line of its output (without the newline).
        case line(String)
        /// Its output reached its end (the process, and whatever inherited it, closed it).
        case outputEnded
        /// It exited with `status`, or was ended by signal number `status` when `signalled`.
        case exited(status: Int32, signalled: Bool)
    }

    /// Thrown when the process ended before what a test waited for appeared in its output.
    public struct Ended: Error, CustomStringConvertible {
        /// The process's name.
        public let name: String
        /// What was waited for.
        public let what: String
        /// Its last lines.
        public let tail: [String]

        /// `NAME ended before WHAT`, then its last lines.
        public var description: String { "\(name) ended before \(what); its last lines:\n" + tail.joined(separator: "\n") }
    }

    /// The name in wait descriptions: the executable's file name unless given.
    public let name: String
    /// Everything that happened to it so far, in order.
    public let timeline = EventLog<Event>()
    private let process: Process

    /// Starts `executable` with `arguments`.
    ///
    /// - Parameters:
    ///   - executable: The program, e.g. `builtExecutable("bench-worker")`.
    ///   - arguments: Its arguments.
    ///   - name: Its name in wait descriptions.
    ///   - environment: Its environment; nil inherits the test's.
    ///   - mergingStandardError: Whether standard error joins standard output (else it goes to
    ///     /dev/null).
    ///   - logFile: A file that receives a copy of the output (kept for a failed test).
    ///   - shared: Another record that receives each line too (several processes' output in
    ///     one place, e.g. a cluster's tagged lines).
    public init(
        _ executable: URL, _ arguments: [String], name: String? = nil, environment: [String: String]? = nil,
        mergingStandardError: Bool = false, logFile: URL? = nil, shared: EventLog<String>? = nil
    ) throws {
        self.name = name ?? executable.lastPathComponent
        let log: FileHandle?
        if let logFile {
            guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logFile.path])
            }
            log = try FileHandle(forWritingTo: logFile)
        } else {
            log = nil
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = mergingStandardError ? pipe : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [timeline] process in
            timeline.record(.exited(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal))
        }
        try process.run()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread { [timeline] in
            Self.pump(reader, into: timeline, log: log, shared: shared)
        }
    }

    /// Reads `handle` to its end, recording each complete line as it arrives (a last line
    /// without a newline at the end), then the end.
    private static func pump(_ handle: FileHandle, into events: EventLog<Event>, log: FileHandle?, shared: EventLog<String>?) {
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            let data = Data(buffer[0..<count])
            try? log?.write(contentsOf: data)
            pending.append(data)
            guard let newline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let complete = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
            pending = Data(pending[pending.index(after: newline)...])
            let lines = complete.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            events.record(contentsOf: lines.map(Event.line))
            shared?.record(contentsOf: lines)
        }
        if !pending.isEmpty {
            let last = String(decoding: pending, as: UTF8.self)
            events.record(.line(last))
            shared?.record(last)
        }
        try? log?.close()
        try? handle.close()
        events.record(.outputEnded)
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it still runs (a stopped process runs).
    public var isRunning: Bool { process.isRunning }

    /// Its output lines so far.
    public var lines: [String] { Self.lines(in: timeline.events) }

    /// The lines among `events`.
    public static func lines(in events: [Event]) -> [String] {
        events.compactMap { if case .line(let line) = $0 { line } else { nil } }
    }

    /// Sends `signal` while it runs.
    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits until it exited and its output was read to the end; returns the exit status (the
    /// signal number for a process ended by a signal).
    @discardableResult
    public func waitForExit(within limit: Duration) async throws -> Int32 {
        try await waitForExit(within: limit, draining: true)
    }

    /// Waits until it exited and, when `draining`, its output ended too (a grandchild that
    /// inherited the output can keep it open after the exit).
    private func waitForExit(within limit: Duration, draining: Bool) async throws -> Int32 {
        try await timeline.first("\(name) to exit", within: limit) { events in
            guard !draining || events.contains(.outputEnded) else { return nil }
            return events.lazy.compactMap { if case .exited(let status, _) = $0 { status } else { nil } }.first
        }
    }

    /// Waits until `found` returns a value for its output lines so far; fails with `Ended` as
    /// soon as the output ended without one, and with `TimedOut` after `limit`.
    public func wait<Value: Sendable>(
        for what: String, within limit: Duration, _ found: @escaping @Sendable ([String]) -> Value?
    ) async throws -> Value {
        let events = try await timeline.wait("\(name): \(what)", within: limit) { events in
            events.contains(.outputEnded) || found(Self.lines(in: events)) != nil
        }
        let lines = Self.lines(in: events)
        guard let value = found(lines) else { throw Ended(name: name, what: what, tail: lines.suffix(30)) }
        return value
    }

    /// Waits for the first output line starting with `prefix` and returns it.
    @discardableResult
    public func line(startingWith prefix: String, within limit: Duration) async throws -> String {
        try await wait(for: "a line starting with \(prefix)", within: limit) { $0.first { $0.hasPrefix(prefix) } }
    }

    /// Sends SIGTERM and waits `grace` for the exit, then SIGKILL. Returns the exit status of
    /// a process that exited by itself (also before the call), nil for one ended by a signal.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Int32? {
        signal(SIGTERM)
        if (try? await waitForExit(within: grace, draining: false)) == nil {
            signal(SIGKILL)
            _ = try? await waitForExit(within: .seconds(10), draining: false)
        }
        for case .exited(let status, let signalled) in timeline.events { return signalled ? nil : status }
        return nil
    }

    /// Kills it (SIGKILL) if it still runs and waits up to 10 s for its exit (for a `defer`).
    ///
    /// Not `Process.waitUntilExit()`: on Linux it spins a run loop of the calling thread until
    /// Foundation has noticed the exit, which can take forever on a thread of the concurrency
    /// pool — a CI run hung in a test's `defer` here.
    public func terminate() {
        signal(SIGKILL)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
    }
}

import Foundation

/// One finished run of an executable: its exit status and output.
public struct ExecutableRun: Sendable, CustomStringConvertible {
    /// The exit status (the signal number for a signalled process).
    public let status: Int32
    /// Standard output.
    public let output: String
    /// Standard error.
    public let error: String

    /// `exit N`, then both outputs.
    public var description: String { "exit \(status)\nstdout:\n\(output)\nstderr:\n\(error)" }

    /// Runs `executable` to its end with standard input from /dev/null, reading its output on a
    /// thread of its own, and fails with `TimedOut` after `limit`.
    ///
    /// - Parameters:
    ///   - executable: The program, e.g. `builtExecutable("shardctl")`.
    ///   - arguments: Its arguments.
    ///   - environment: Its environment; `nil` inherits the test's.
    ///   - directory: Its working directory; `nil` keeps the test's.
    ///   - limit: How long it may run.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        within limit: Duration = .seconds(60)
    ) async throws -> ExecutableRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return try await within(limit, "\(executable.lastPathComponent) \(arguments.joined(separator: " "))") {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    // Both at once, standard error on a thread of its own: a pipe that fills
                    // while the other is read would block the process.
                    let error = ReadOutput(err.fileHandleForReading)
                    let output = out.fileHandleForReading.readDataToEndOfFile()
                    let errorOutput = error.data()
                    // Foundation on Linux does not close a pipe's read end when the pipe goes.
                    try? out.fileHandleForReading.close()
                    try? err.fileHandleForReading.close()
                    process.waitUntilExit()
                    continuation.resume(returning: ExecutableRun(
                        status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                        error: String(decoding: errorOutput, as: UTF8.self)))
                }
            }
        }
    }
}

/// A pipe read to its end on a thread of its own.
private final class ReadOutput: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written by the reading thread before `done` is signalled, read only after waiting on it.
    private var read = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            read = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything read, once the writer closed the pipe.
    func data() -> Data {
        done.wait()
        return read
    }
}

import Foundation
import Synchronization
import TestSupport

/// A child process whose standard output (and optionally standard error) is collected as lines.
final class ChildProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()
    private let reader: FileHandle

    init(executable: URL, arguments: [String], environment: [String: String]? = nil, mergeStandardError: Bool = false) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = mergeStandardError ? pipe : FileHandle.nullDevice
        reader = pipe.fileHandleForReading
        reader.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        try process.run()
    }

    var lines: [String] { output.lines }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(within limit: Duration) async throws -> Int32 {
        try await within(limit, "\(process.executableURL?.lastPathComponent ?? "a child") to exit") {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            return self.process.terminationStatus
        }
    }

    /// Kills the process if it still runs and stops reading.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        reader.readabilityHandler = nil
    }

    /// Waits until `found` returns a value for the lines so far.
    func wait<Value: Sendable>(
        for what: String, within limit: Duration, _ found: @escaping @Sendable ([String]) -> Value?
    ) async throws -> Value {
        try await within(limit, what) {
            while true {
                if let value = found(self.output.lines) { return value }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}

/// Output split into lines as it arrives.
final class OutputBuffer: Sendable {
    private let state = Mutex((lines: [String](), pending: ""))

    func append(_ data: Data) {
        state.withLock { state in
            state.pending += String(decoding: data, as: UTF8.self)
            var parts = state.pending.components(separatedBy: "\n")
            state.pending = parts.removeLast()
            state.lines += parts
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
}

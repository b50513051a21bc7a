import Foundation
import Synchronization
import TestSupport

/// A `bench-worker` child process whose output lines are collected as they arrive.
final class WorkerProcess: Sendable {
    let tag: String
    private let process: Process
    private let output = OutputBuffer()
    private let reader: FileHandle

    init(arguments: [String], tag: String) throws {
        self.tag = tag
        process = Process()
        process.executableURL = try builtExecutable("bench-worker")
        process.arguments = arguments + ["--tag=\(tag)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        reader = pipe.fileHandleForReading
        reader.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var lines: [String] { output.lines }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(within limit: Duration) async throws -> Int32 {
        try await within(limit, "\(tag) to exit") {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return self.process.terminationStatus
        }
    }

    /// Kills the process if it still runs and stops reading.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        reader.readabilityHandler = nil
    }

    /// Waits for the first line starting with `prefix`.
    @discardableResult
    func line(startingWith prefix: String, within limit: Duration) async throws -> String {
        try await within(limit, "\(tag): a line starting with \(prefix)") {
            while true {
                if let line = self.output.lines.first(where: { $0.hasPrefix(prefix) }) { return line }
                try await Task.sleep(for: .milliseconds(20))
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

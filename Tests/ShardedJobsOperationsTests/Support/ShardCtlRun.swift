import Foundation
import Synchronization
import TestSupport

/// One finished run of the `shardctl` executable: exit status and output.
struct ShardCtlRun: Sendable, CustomStringConvertible {
    let status: Int32
    let output: String
    let error: String

    var description: String { "exit \(status)\nstdout:\n\(output)\nstderr:\n\(error)" }

    /// Standard output parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    /// Runs `shardctl` with `arguments` and `environment` (the parent's SHARDCTL_* variables
    /// are dropped), standard input from /dev/null, and waits for it on a thread of its own.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ShardCtlRun {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SHARDCTL_") }
        env.merge(environment) { _, new in new }
        let run = try await ExecutableRun.run(try builtExecutable("shardctl"), arguments, environment: env)
        return ShardCtlRun(status: run.status, output: run.output, error: run.error)
    }
}

/// A long-running `shardctl` (watch) whose output lines are collected as they arrive.
final class ShardCtlProcess: Sendable {
    private let process: Process
    private let buffer = LineBuffer()

    init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = try builtExecutable("shardctl")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SHARDCTL_") }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [buffer] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                buffer.append(data)
            }
        }
        try process.run()
    }

    var lines: [String] { buffer.lines }

    /// Waits until the output has a line for which `condition` holds; returns the lines so far.
    @discardableResult
    func waitForLine(_ what: String, within limit: Duration = .seconds(20), where condition: @escaping @Sendable (String) -> Bool) async throws -> [String] {
        try await within(limit, what) {
            while true {
                let lines = self.lines
                if lines.contains(where: condition) { return lines }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(within limit: Duration) async throws -> Int32 {
        try await within(limit, "shardctl watch to exit") {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return self.process.terminationStatus
        }
    }

    /// Kills the process if it still runs.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Output split into lines as it arrives.
final class LineBuffer: Sendable {
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

import Foundation
import Synchronization
import TestSupport

/// The `zk-lease-probe` child process, with its output lines readable as they arrive.
final class ProbeProcess: Sendable {
    private let process: Process
    private let output = LineBuffer()
    private let reader: FileHandle

    init(connectString: String, sessionTimeoutMillis: Int) throws {
        process = Process()
        process.executableURL = try Self.executable()
        process.arguments = [connectString, String(sessionTimeoutMillis)]
        let pipe = Pipe()
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil  // end of file: stop the dispatch source
            } else {
                output.append(data)
            }
        }
        reader = pipe.fileHandleForReading
        try process.run()
    }

    static func executable() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("zk-lease-probe")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TimedOut(what: "zk-lease-probe next to \(directory.path)", after: .zero)
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        reader.readabilityHandler = nil
    }

    /// Waits for the first output line starting with `prefix`.
    func line(startingWith prefix: String, within limit: Duration) async throws -> String {
        try await within(limit, "probe line \(prefix)") {
            while true {
                if let line = self.output.first(startingWith: prefix) { return line }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
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

    func first(startingWith prefix: String) -> String? {
        state.withLock { $0.lines.first { $0.hasPrefix(prefix) } }
    }
}

#if Console && SQLiteTracing && PostgresTracing
import Foundation
import TestSupport

/// A product of this package run as a child process, its standard output and error going to
/// files in a log directory (kept for a failed test's diagnosis).
final class LoggedProcess: Sendable {
    let name: String
    let logFile: URL
    private let process: Process

    /// Starts `product` (built next to the test bundle, or at an absolute path) with `arguments`.
    init(_ name: String, product: String, arguments: [String], logDirectory: URL, environment: [String: String] = [:]) throws {
        self.name = name
        logFile = logDirectory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process = Process()
        process.executableURL = product.hasPrefix("/") ? URL(fileURLWithPath: product) : try Products.url(of: product)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything the process wrote so far.
    var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until a line of its output yields a value.
    func waitForLine<Value: Sendable>(
        _ what: String, within limit: Duration, _ match: @escaping @Sendable (String) -> Value?
    ) async throws -> Value {
        try await within(limit, "\(name): \(what)") {
            while true {
                for line in self.output.split(separator: "\n") { if let value = match(String(line)) { return value } }
                guard self.process.isRunning else { throw BrowsingError("\(self.name) exited: \(self.output.suffix(2000))") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Sends SIGTERM and waits for the exit; SIGKILL after `grace`. Returns the exit status, or
    /// nil when it had to be killed (or had already exited).
    @discardableResult
    func stop(grace: Duration = .seconds(10)) async -> Int32? {
        guard process.isRunning else { return nil }
        process.terminate()
        let exited = try? await within(grace, "\(name) to exit") {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            return true
        }
        guard exited == nil else { return process.terminationReason == .exit ? process.terminationStatus : nil }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
}

/// Where the executables built with the tests are.
enum Products {
    /// `.build/debug/NAME`, next to the test bundle.
    static func url(of name: String) throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw BrowsingError("\(name) is not built next to \(directory.path): build with swift build --build-tests")
    }

    /// Runs a product to its end and returns its exit status and output.
    static func run(_ name: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try url(of: name)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = try await within(.seconds(60), "\(name) to finish") {
            try pipe.fileHandleForReading.readToEnd() ?? Data()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
#endif

#if Console && SQLiteTracing && PostgresTracing
import Foundation
import TestSupport

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

    /// Runs a product to its end and returns its exit status, its output (standard output then
    /// standard error), and its standard output alone (what a `--json` caller parses: a log
    /// line on standard error must not break it).
    static func run(_ name: String, _ arguments: [String]) async throws -> (status: Int32, output: String, standardOutput: String) {
        let process = Process()
        process.executableURL = try url(of: name)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let (standardOutput, standardError) = try await within(.seconds(60), "\(name) to finish") {
            // Both at once: a pipe that fills while the other is read would block the process.
            async let standardError = Task.detached { try errors.fileHandleForReading.readToEnd() ?? Data() }.value
            let standardOutput = try output.fileHandleForReading.readToEnd() ?? Data()
            return (standardOutput, try await standardError)
        }
        process.waitUntilExit()
        let text = String(decoding: standardOutput, as: UTF8.self)
        return (process.terminationStatus, text + String(decoding: standardError, as: UTF8.self), text)
    }
}
#endif

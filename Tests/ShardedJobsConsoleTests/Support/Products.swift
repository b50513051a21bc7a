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

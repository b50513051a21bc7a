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
        let run = try await ExecutableRun.run(try url(of: name), arguments)
        return (run.status, run.output + run.error, run.output)
    }
}
#endif

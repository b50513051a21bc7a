#if Console && SQLiteTracing && PostgresTracing
import Foundation
import TestSupport

extension TestProcess {
    /// A product of this package (built next to the test bundle, or at an absolute path) run
    /// as a child process, its standard output and error also copied to `NAME.log` in
    /// `logDirectory` (kept for a failed test's diagnosis).
    static func logged(
        _ name: String, product: String, arguments: [String], logDirectory: URL, environment: [String: String] = [:]
    ) throws -> TestProcess {
        try TestProcess(
            product.hasPrefix("/") ? URL(fileURLWithPath: product) : try Products.url(of: product), arguments, name: name,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, mergingStandardError: true,
            logFile: logDirectory.appendingPathComponent("\(name).log"))
    }

    /// Everything it wrote so far.
    var output: String { lines.joined(separator: "\n") }

    /// Waits until a line of its output yields a value (failing at once when it ended first).
    func waitForLine<Value: Sendable>(
        _ what: String, within limit: Duration, _ match: @escaping @Sendable (String) -> Value?
    ) async throws -> Value {
        try await wait(for: what, within: limit) { $0.lazy.compactMap(match).first }
    }
}
#endif

import Foundation
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

    /// Starts a long-running `shardctl` (watch), its output lines recorded as they arrive (the
    /// parent's SHARDCTL_* variables are dropped).
    static func start(_ arguments: [String]) throws -> TestProcess {
        try TestProcess(
            try builtExecutable("shardctl"), arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SHARDCTL_") })
    }
}

import Foundation
import ShardedJobsZooKeeperTesting

/// Runs iproute2's `ip` for the network lab and waits for it without holding a thread.
enum IPCommand {
    /// Runs `ip ARGUMENTS…` and returns its standard output.
    ///
    /// - Parameter arguments: The arguments after `ip`.
    /// - Returns: Its standard output.
    /// - Throws: `ChaosError` naming the command and its standard error when it fails.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        guard let executable = NetworkNamespaceCommand.ipExecutable else {
            throw ChaosError("no ip executable (iproute2) is installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: ChaosError("cannot run ip \(arguments.joined(separator: " ")): \(error)"))
            }
        }
        // `ip`'s answers are far below a pipe's buffer: reading after the exit cannot block it.
        // Both read ends are closed here: Foundation on Linux does not close them when the pipes
        // go away, and each `ip` of a chaos run leaked two descriptors.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        guard status == 0 else {
            throw ChaosError(
                "ip \(arguments.joined(separator: " ")) exited with \(status): "
                    + reason.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return text
    }

    /// Runs `ip ARGUMENTS…`, blocking the calling thread; true when it succeeded. Only for a
    /// one-off probe outside any concurrent work.
    static func runBlocking(_ arguments: [String]) -> Bool {
        guard let executable = NetworkNamespaceCommand.ipExecutable else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

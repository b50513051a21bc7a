import Foundation
import Logging
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a script job's program, through swift-subprocess: its own process group, output
/// lines to the item's logger, `SIGTERM` then `SIGKILL` to the group on cancellation or timeout.
///
/// swift-subprocess spawns with `posix_spawn` and `POSIX_SPAWN_SETPGROUP` (`processGroupID =
/// 0`: a new group led by the program), reaps the child without a thread per process, and runs
/// its teardown sequence — `SIGTERM` to the group, then `SIGKILL` to the group after the grace
/// — when the calling task is cancelled. After a cancellation or a timeout we send one more
/// `SIGKILL` to the group, for children that outlived the program.
struct ScriptProcess {
    let words: [String]
    let commandLine: String
    let context: ShardingContext
    let grace: Duration
    let timeout: Duration?

    func run() async throws {
        let group = ProcessGroupLeader()
        let stopped: Bool
        do {
            stopped = try await runWithTimeout(group: group)
        } catch let error as SubprocessError {
            throw ScriptJobError(.launchFailed, command: commandLine, detail: "\(error)")
        }
        if stopped, let timeout {
            throw ScriptJobError(.timedOut, command: commandLine, timeout: timeout)
        }
    }

    /// Runs the program; true when the timeout stopped it. Throws `CancellationError` when
    /// the item was cancelled.
    private func runWithTimeout(group: ProcessGroupLeader) async throws -> Bool {
        let limit = timeout
        let outcome = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask { try await launch(group: group) }
            if let limit {
                tasks.addTask {
                    try await Task.sleep(for: limit)
                    return true
                }
            }
            defer { tasks.cancelAll() }
            let first = try await tasks.next() ?? false
            if first {
                // The timeout won: cancel the program (its teardown runs) and wait for it.
                tasks.cancelAll()
                while (try? await tasks.next()) != nil {}
            }
            return first
        }
        if outcome || Task.isCancelled { sweep(group) }
        try Task.checkCancellation()
        return outcome
    }

    /// Launches the program and waits for it; returns false (not stopped by the timeout).
    private func launch(group: ProcessGroupLeader) async throws -> Bool {
        let json = context.json()
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: grace)]
        let program = words[0]
        let configuration = Configuration(
            executable: program.contains("/") ? .path(FilePath(program)) : .name(program),
            arguments: Arguments(Array(words.dropFirst()) + [json]),
            environment: .inherit.updating(["SHARDING_CONTEXT": json]),
            platformOptions: options)
        let logger = context.logger
        let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
            group.pid.withLock { $0 = execution.processIdentifier.value }
            let standardOutput = execution.standardOutput
            let standardError = execution.standardError
            await withTaskGroup(of: Void.self) { readers in
                readers.addTask { await Self.forward(standardOutput, to: logger, stream: "stdout", level: .info) }
                readers.addTask { await Self.forward(standardError, to: logger, stream: "stderr", level: .warning) }
            }
        }
        try Task.checkCancellation()
        switch result.terminationStatus {
        case .exited(0): return false
        case .exited(let status): throw ScriptJobError(.exited, command: commandLine, exitStatus: status)
        case .signaled(let signal): throw ScriptJobError(.signaled, command: commandLine, signal: signal)
        }
    }

    /// Logs each line of one output stream.
    private static func forward(_ stream: SubprocessOutputSequence, to logger: Logger, stream name: String, level: Logger.Level) async {
        do {
            for try await line in stream.strings() {
                logger.log(level: level, "\(line)", metadata: ["script.stream": "\(name)"])
            }
        } catch {
            logger.debug("reading the script's \(name) ended: \(error)")
        }
    }

    /// Sends `SIGKILL` to what is left of the program's process group.
    private func sweep(_ group: ProcessGroupLeader) {
        guard let leader: pid_t = group.pid.withLock({ $0 }), leader > 0 else { return }
        _ = kill(0 - leader, SIGKILL)
    }
}

/// The pid of a script's program, which leads its process group (set once it has launched).
final class ProcessGroupLeader: Sendable {
    let pid = Mutex<pid_t?>(nil)
}

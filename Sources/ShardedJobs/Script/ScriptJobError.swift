/// Why a script job's item failed: the program exited non-zero or died by a signal, could
/// not be launched, ran past its timeout, or no command line was configured.
public struct ScriptJobError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// The program exited with this non-zero status.
        case exited(Int32)
        /// The program was ended by this signal.
        case signaled(Int32)
        /// The program could not be started (not found, not executable, …).
        case launchFailed(String)
        /// The program ran longer than the item's timeout and was stopped.
        case timedOut(Duration)
        /// The command line could not be split (an unterminated quote, a trailing backslash).
        case malformedCommandLine(String)
        /// No `script.command.line` prop and no command line from the conformer.
        case missingCommandLine
    }

    /// The command line as configured.
    public let command: String
    /// What went wrong.
    public let reason: Reason

    /// The exit status, when the program exited by itself.
    public var exitStatus: Int32? {
        if case .exited(let status) = reason { return status }
        return nil
    }

    /// A sentence naming the command and the status.
    public var description: String {
        switch reason {
        case .exited(let status): "script \(command) exited with status \(status)"
        case .signaled(let signal): "script \(command) was ended by signal \(signal)"
        case .launchFailed(let why): "script \(command) could not be launched: \(why)"
        case .timedOut(let limit): "script \(command) ran longer than its timeout of \(limit) and was stopped"
        case .malformedCommandLine(let why): "script command line \(command) is malformed: \(why)"
        case .missingCommandLine: "script job has no script.command.line"
        }
    }
}

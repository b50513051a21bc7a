/// Why a script job's item failed: the program exited non-zero or died by a signal, could
/// not be launched, ran past its timeout, or no command line was configured.
public struct ScriptJobError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; extensible without breaking exhaustive switches.
    ///
    /// Compare with the static members (`error.code == .exited`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case exited, signaled, launchFailed, timedOut, malformedCommandLine, missingCommandLine
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The program exited with a non-zero status (``ScriptJobError/exitStatus``).
        public static let exited = Code(.exited)
        /// The program was ended by a signal (``ScriptJobError/signal``).
        public static let signaled = Code(.signaled)
        /// The program could not be started: not found, not executable, … (``ScriptJobError/detail``).
        public static let launchFailed = Code(.launchFailed)
        /// The program ran longer than the item's timeout (``ScriptJobError/timeout``) and was stopped.
        public static let timedOut = Code(.timedOut)
        /// The command line could not be split: an unterminated quote, a trailing backslash
        /// (``ScriptJobError/detail``).
        public static let malformedCommandLine = Code(.malformedCommandLine)
        /// No `script.command.line` prop and no command line from the conformer.
        public static let missingCommandLine = Code(.missingCommandLine)

        /// The code's name, such as `exited`.
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The command line as configured.
    public let command: String
    /// The exit status, for ``Code/exited``.
    public let exitStatus: Int32?
    /// The signal that ended the program, for ``Code/signaled``.
    public let signal: Int32?
    /// The timeout that passed, for ``Code/timedOut``.
    public let timeout: Duration?
    /// What the launcher or the command-line parser said, for ``Code/launchFailed`` and
    /// ``Code/malformedCommandLine``.
    public let detail: String?

    /// Creates an error; give the context its code documents.
    public init(
        _ code: Code, command: String, exitStatus: Int32? = nil, signal: Int32? = nil, timeout: Duration? = nil,
        detail: String? = nil
    ) {
        self.code = code
        self.command = command
        self.exitStatus = exitStatus
        self.signal = signal
        self.timeout = timeout
        self.detail = detail
    }

    /// A sentence naming the command and the status.
    public var description: String {
        switch code {
        case .exited: "script \(command) exited with status \(exitStatus.map(String.init) ?? "?")"
        case .signaled: "script \(command) was ended by signal \(signal.map(String.init) ?? "?")"
        case .launchFailed: "script \(command) could not be launched: \(detail ?? "")"
        case .timedOut: "script \(command) ran longer than its timeout of \(timeout.map { "\($0)" } ?? "?") and was stopped"
        case .malformedCommandLine: "script command line \(command) is malformed: \(detail ?? "")"
        case .missingCommandLine: "script job has no script.command.line"
        default: "script \(command) failed: \(code)"
        }
    }
}

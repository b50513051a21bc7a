#if Console
/// The job's running executions with the tail of their logs: a live fragment of the job's page.
struct RunningSection: Sendable {
    /// The lines of each execution the fragment shows, the newest.
    static let linesShown = 50

    /// The running executions, newest first.
    let executions: [RunningExecution]
    /// Whether nothing is running (stored: Mustache reads stored properties only).
    let isEmpty: Bool
    /// Why the store could not be read.
    let error: String?

    init(executions: [RunningExecution], error: String? = nil) {
        self.executions = executions
        isEmpty = executions.isEmpty && error == nil
        self.error = error
    }
}

/// One running execution and the tail of its log.
struct RunningExecution: Sendable {
    let id: String
    let row: ExecutionRow
    let log: LogLines
}
#endif

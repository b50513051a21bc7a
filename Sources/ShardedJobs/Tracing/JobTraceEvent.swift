/// An event the scheduler hands to a ``JobTraceHandler``.
///
/// An enum so that a handler sees every kind in one place; new kinds may be added in later
/// versions, so handle the ones you know and ignore the rest (`default`).
public enum JobTraceEvent: Sendable, Hashable {
    /// An item started or completed.
    case execution(JobExecutionEvent)
    /// A fire changed state.
    case status(JobStatusTraceEvent)
    /// An execution logged a line.
    case logLine(JobLogLine)
}

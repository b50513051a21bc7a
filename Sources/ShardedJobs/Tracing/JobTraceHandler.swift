/// Receives the scheduler's trace events: the backend of ``JobTracer``.
///
/// Like a swift-log `LogHandler`, a handler is called on the job's path, so `record` must
/// return at once: it must not block, wait for I/O or throw. A handler that writes to a
/// database buffers the event and writes it elsewhere (`TracingWriter` in the
/// `ShardedJobsTracing` module does that, bounded and batched).
public protocol JobTraceHandler: Sendable {
    /// Takes one event; returns at once, never fails the job.
    func record(_ event: JobTraceEvent)
}

/// What the scheduler traces to: a handler, or nothing.
///
/// Set it on `SchedulerSettings.tracer`. Off by default (``off``), and then it costs nothing:
/// events are not even built.
///
/// ```swift
/// let writer = TracingWriter(store: SQLiteTraceStore(path: "/var/lib/shop/trace.sqlite"), logger: logger)
/// let scheduler = JobScheduler(zooKeeper: zooKeeper, settings: .init(tracer: JobTracer(writer)), logger: logger)
/// ```
public struct JobTracer: Sendable {
    /// The handler that receives events; nil when tracing is off.
    public let handler: (any JobTraceHandler)?

    /// A tracer that sends every event to `handler`.
    public init(_ handler: any JobTraceHandler) {
        self.handler = handler
    }

    private init(disabled: Void) {
        self.handler = nil
    }

    /// Tracing off: events are not built.
    public static let off = JobTracer(disabled: ())

    /// Whether events go anywhere.
    public var isEnabled: Bool { handler != nil }

    /// Hands an event to the handler; `event` is evaluated only when tracing is on.
    @inlinable
    public func record(_ event: @autoclosure () -> JobTraceEvent) {
        guard let handler else { return }
        handler.record(event())
    }
}

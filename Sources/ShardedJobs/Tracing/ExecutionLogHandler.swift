import Foundation
import Logging
import Synchronization

/// The log handler of an execution's `ShardingContext.logger` while tracing is on: every line
/// goes to the user's handler as before *and*, as a ``JobLogLine``, to the trace handler, keyed
/// by the execution's id.
///
/// It keeps every line at ``keptLevel`` (`info`) or above, whatever the user's level — a
/// service that logs at `warning` still sees its scripts' output in the console — and lower
/// levels when the user's logger lets them through; the user's handler gets only what its own
/// level lets through, as before. Lines are numbered in the order they are logged; concurrent
/// logging from one execution's tasks gets distinct numbers.
struct ExecutionLogHandler: LogHandler {
    /// Numbers an execution's lines and counts their bytes; shared by the handler's copies.
    final class Counter: Sendable {
        private let state = Mutex((number: 0, bytes: 0))

        /// The next line's number and where it starts; counts `bytes` for the one after.
        func next(bytes: Int) -> (number: Int, offset: Int) {
            state.withLock { state in
                defer { state = (state.number + 1, state.bytes + bytes) }
                return (state.number + 1, state.bytes)
            }
        }
    }

    /// The level from which lines are kept whatever the user's logger lets through.
    static let keptLevel = Logger.Level.info

    private var inner: any LogHandler
    private let execution: JobExecutionEvent
    private let sink: any JobTraceHandler
    private let counter = Counter()

    /// Wraps `logger`'s handler so that `execution`'s lines also go to `sink`.
    static func capturing(_ logger: Logger, execution: JobExecutionEvent, sink: any JobTraceHandler) -> Logger {
        var captured = logger
        captured.handler = ExecutionLogHandler(inner: logger.handler, execution: execution, sink: sink)
        return captured
    }

    private init(inner: any LogHandler, execution: JobExecutionEvent, sink: any JobTraceHandler) {
        self.inner = inner
        self.execution = execution
        self.sink = sink
    }

    func log(event: LogEvent) {
        if event.level >= inner.logLevel { inner.log(event: event) }
        var text = "\(event.message)"
        if let metadata = event.metadata, !metadata.isEmpty {
            text += metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        }
        if text.count > JobLogLine.limitCharacters { text = String(text.prefix(JobLogLine.limitCharacters)) }
        let (number, offset) = counter.next(bytes: text.utf8.count)
        sink.record(
            .logLine(
                JobLogLine(
                    executionID: execution.id, jobName: execution.jobName, item: execution.item, number: number,
                    byteOffset: offset, level: event.level, message: text, time: Date())))
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    /// What reaches ``log(event:)``: the user's level, or `info` when that is higher.
    var logLevel: Logger.Level {
        get { min(inner.logLevel, Self.keptLevel) }
        set { inner.logLevel = newValue }
    }
}

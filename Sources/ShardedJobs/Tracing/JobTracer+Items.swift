import Foundation

extension JobTracer {
    /// Records the start of an item and returns its event, for ``itemCompleted(_:failure:)``;
    /// nil (and nothing built) when tracing is off.
    func itemStarted(_ context: ShardingContext, instance: JobInstanceID, runKind: String = "NORMAL") -> JobExecutionEvent? {
        guard let handler else { return nil }
        var event = JobExecutionEvent(
            id: UUID().uuidString, jobName: context.jobName, taskID: context.taskID, hostname: TraceHost.name,
            ip: instance.ip, instanceID: instance.description, item: context.shardingItem, source: context.source,
            fireTime: context.scheduledFireTime, startTime: Date())
        event.attempt = context.attempt
        event.runKind = runKind
        event.runID = context.backfillID
        handler.record(.execution(event))
        return event
    }

    /// `context` with a logger whose lines are also recorded as `execution`'s
    /// (``JobLogLine``); `context` itself when tracing is off.
    func capturingLog(_ context: ShardingContext, of execution: JobExecutionEvent?) -> ShardingContext {
        guard let handler, let execution else { return context }
        var context = context
        context.logger = ExecutionLogHandler.capturing(context.logger, execution: execution, sink: handler)
        return context
    }

    /// Records the completion of an item started with ``itemStarted(_:instance:)``.
    func itemCompleted(_ started: JobExecutionEvent?, failure: (any Error)?) {
        guard let handler, let started else { return }
        handler.record(.execution(started.completed(failure: failure)))
    }

    /// The trace of one fire on this instance; nil when tracing is off.
    func fire(job: String, instance: JobInstanceID, scheduled: Int64, items: [Int]) -> FireTrace? {
        guard let handler else { return nil }
        return FireTrace(handler: handler, job: job, instance: instance, scheduled: scheduled, items: items)
    }
}

/// The host name tracing writes (`hostname`), read once.
enum TraceHost {
    static let name: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}

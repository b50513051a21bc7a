/// Decides what happens to a failure of a job: an item that threw, or a listener that threw.
///
/// ```swift
/// struct PageOnCall: JobErrorHandler {
///     let pager: Pager
///     var name: ErrorHandlerName { "PAGE_ON_CALL" }
///     func handle(_ failure: JobFailure) async throws {
///         await pager.send("\(failure.jobName) item \(failure.item ?? -1): \(failure.error)")
///     }
/// }
/// var settings = SchedulerSettings()
/// try settings.errorHandlers.register(PageOnCall(pager: pager))
/// configuration.errorHandler = "PAGE_ON_CALL"
/// ```
///
/// A configuration names its handler in ``JobConfiguration/errorHandler`` (stored as
/// `jobErrorHandlerType`); the scheduler looks the name up in its
/// ``SchedulerSettings/errorHandlers``, which always hold the built-in `LOG` (the default,
/// ``LogErrorHandler``), `THROW` (``ThrowErrorHandler``) and `IGNORE`
/// (``IgnoreErrorHandler``), also spelled `.log`, `.throw` and `.ignore` where a handler is
/// expected. A handler passed to `JobScheduler.register(…, errorHandler:)` serves that job
/// whatever the configuration names. The webhook notifier lives in the `ShardedJobsHTTP`
/// module.
///
/// `handle` runs on the item's task right after the failure, and the item counts as ended
/// when it returns, so graceful shutdown waits for it like for the item (within the
/// shutdown deadline, after which the task is cancelled). Keep it short: a handler that must
/// do slow work without delaying the job hands it to a service of its own that the
/// application runs (as `WebhookErrorHandler` does), never to a task nobody awaits. Throwing
/// from it makes the whole fire report failure (ElasticJob's `THROW`); the other items of the
/// fire still run.
public protocol JobErrorHandler: Sendable {
    /// The name that selects this handler in a configuration, such as `LOG`.
    ///
    /// Stable across versions and processes: it is what `jobErrorHandlerType` stores.
    var name: ErrorHandlerName { get }

    /// Handles one failure; throw to make the fire report failure.
    func handle(_ failure: JobFailure) async throws
}

extension JobErrorHandler where Self == LogErrorHandler {
    /// Logs each failure at error level (`LOG`, the default).
    public static var log: LogErrorHandler { LogErrorHandler() }
}

extension JobErrorHandler where Self == ThrowErrorHandler {
    /// Makes the fire report failure (`THROW`).
    public static var `throw`: ThrowErrorHandler { ThrowErrorHandler() }
}

extension JobErrorHandler where Self == IgnoreErrorHandler {
    /// Drops failures silently (`IGNORE`).
    public static var ignore: IgnoreErrorHandler { IgnoreErrorHandler() }
}

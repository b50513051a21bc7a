/// Decides what happens to a failure of a job: an item that threw, or a listener that threw.
///
/// ```swift
/// struct PageOnCall: JobErrorHandler {
///     let pager: Pager
///     func handle(_ failure: JobFailure) throws {
///         pager.send("\(failure.jobName) item \(failure.item ?? -1): \(failure.error)")   // must not block
///     }
/// }
/// try await scheduler.register(OrderSync(), configuration: configuration, errorHandler: PageOnCall(pager: pager))
/// ```
///
/// The built-in handlers are named by `jobErrorHandlerType`: `LOG` (the default,
/// ``LogErrorHandler``), `THROW` (``ThrowErrorHandler``) and `IGNORE` (``IgnoreErrorHandler``).
/// A handler passed to `JobScheduler.register` takes precedence over the configured name. The
/// webhook notifier lives in the `ShardedJobsHTTP` module.
///
/// `handle` runs on the item's task right after the failure: it must return quickly (hand slow
/// work, such as a network call, to a task of its own). Throwing from it makes the whole fire
/// report failure (ElasticJob's `THROW`); the other items of the fire still run.
public protocol JobErrorHandler: Sendable {
    /// Handles one failure; throw to make the fire report failure.
    func handle(_ failure: JobFailure) throws
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

/// The `THROW` error handler: rethrows, so that the fire reports failure.
///
/// The fire still runs its other items and records every completion; at its end it logs
/// `fire at … failed` at error level with the first failure and counts it in
/// `sharded_jobs_fires_failed_total`.
public struct ThrowErrorHandler: JobErrorHandler {
    /// The configuration name, `THROW`.
    public var name: ErrorHandlerName { .`throw` }

    /// Creates the handler.
    public init() {}

    /// Rethrows the failure's error.
    public func handle(_ failure: JobFailure) async throws {
        throw failure.error
    }
}

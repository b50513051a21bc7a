/// The `LOG` error handler, the default: logs each failure at error level on the job's logger
/// and carries on.
public struct LogErrorHandler: JobErrorHandler {
    /// The configuration name, `LOG`.
    public var name: ErrorHandlerName { .log }

    /// Creates the handler.
    public init() {}

    /// Logs `failure` at error level.
    public func handle(_ failure: JobFailure) async {
        failure.logger.error("\(failure)")
    }
}

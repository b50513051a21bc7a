/// The `IGNORE` error handler: drops failures without a trace (metrics still count failed
/// items).
public struct IgnoreErrorHandler: JobErrorHandler {
    /// The configuration name, `IGNORE`.
    public var name: ErrorHandlerName { .ignore }

    /// Creates the handler.
    public init() {}

    /// Does nothing.
    public func handle(_ failure: JobFailure) async {}
}

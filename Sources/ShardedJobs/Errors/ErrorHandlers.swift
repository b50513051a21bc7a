/// The error handlers a scheduler knows, by name: the built-in ones and the custom ones
/// registered in its ``SchedulerSettings``.
///
/// ```swift
/// var settings = SchedulerSettings()
/// try settings.errorHandlers.register(PagerHandler(pager: pager))   // name "PAGER"
/// configuration.errorHandler = "PAGER"
/// ```
///
/// `LOG`, `THROW` and `IGNORE` are always there and cannot be replaced; `ShardedJobsHTTP`'s
/// `WebhookErrorHandler` (`WEBHOOK`) is registered like a custom handler. A configuration
/// naming a handler the table does not hold is refused at `register` (unless the job was
/// registered with a handler of its own), and a configuration changed in ZooKeeper to name
/// one is ignored, with an error naming `jobErrorHandlerType` and the name.
public struct ErrorHandlers: Sendable {
    private var table = NamedComponents<ErrorHandlerName, any JobErrorHandler>(
        key: "jobErrorHandlerType", kind: "error handler", registry: "SchedulerSettings.errorHandlers",
        builtIn: [.log: LogErrorHandler(), .throw: ThrowErrorHandler(), .ignore: IgnoreErrorHandler()])

    /// The built-in handlers only.
    public init() {}

    /// The built-in names: `IGNORE`, `LOG`, `THROW`.
    public var builtInNames: [ErrorHandlerName] { table.builtInNames }

    /// Every known name, built-in and custom, sorted.
    public var names: [ErrorHandlerName] { table.names }

    /// The handler registered under `name`, if any.
    public subscript(name: ErrorHandlerName) -> (any JobErrorHandler)? { table[name] }

    /// Registers a custom handler under its ``JobErrorHandler/name``, replacing a custom one
    /// of that name.
    ///
    /// Throws ``JobConfigurationError`` for an empty name and for a built-in one.
    public mutating func register(_ handler: some JobErrorHandler) throws(JobConfigurationError) {
        try table.register(handler, named: handler.name)
    }

    /// Removes a custom handler; returns whether one was registered under `name`.
    @discardableResult
    public mutating func remove(_ name: ErrorHandlerName) -> Bool { table.remove(name) }

    /// The handler a configuration names (`LOG` when it names none).
    ///
    /// Throws ``JobConfigurationError`` (code `unknownName`, key `jobErrorHandlerType`) when
    /// the name is not known here.
    public func handler(for configuration: JobConfiguration) throws(JobConfigurationError) -> any JobErrorHandler {
        try table.resolve(configuration.errorHandler ?? .log)
    }
}

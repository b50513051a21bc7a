extension JobScheduler {
    /// Registers a `DataflowJob` under a configuration (`streaming.process` in its props turns
    /// streaming on); otherwise as `register(_:configuration:errorHandler:listeners:)` for a
    /// `SimpleJob`.
    public func register<Job: DataflowJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try register(JobDefinition(dataflow: job), configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }
}

extension JobScheduler {
    /// Registers a `ScriptJob` under a configuration (its props give `script.command.line`
    /// and the optional `script.timeout.seconds` and `script.termination.grace.seconds`);
    /// otherwise as `register(_:configuration:errorHandler:listeners:)` for a `SimpleJob`.
    public func register<Job: ScriptJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try register(JobDefinition(script: job), configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    /// Registers a definition with its error handler and listeners.
    func register(
        _ definition: JobDefinition, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)?,
        listeners: [any JobListener]
    ) throws {
        var definition = definition
        definition.errorHandler = errorHandler
        definition.listeners = listeners
        try register(definition, configuration: configuration)
    }
}

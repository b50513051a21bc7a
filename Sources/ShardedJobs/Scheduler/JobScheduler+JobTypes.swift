extension JobScheduler {
    /// Registers a `DataflowJob` under a configuration (`streaming.process` in its props turns
    /// streaming on); otherwise as `register(_:configuration:errorHandler:listeners:)` for a
    /// `SimpleJob`.
    public func register<Job: DataflowJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try await register(dataflow: job, configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    /// Registers a `ScriptJob` under a configuration (its props give `script.command.line`
    /// and the optional `script.timeout.seconds` and `script.termination.grace.seconds`);
    /// otherwise as `register(_:configuration:errorHandler:listeners:)` for a `SimpleJob`.
    public func register<Job: ScriptJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try await register(script: job, configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    /// Registers a job to run as a `SimpleJob`, whatever other job protocols its type conforms to.
    ///
    /// `register(_:configuration:…)` is ambiguous for a type that is, say, both a `SimpleJob`
    /// and a `DataflowJob`; this spelling says which `execute` runs. Otherwise as
    /// `register(_:configuration:errorHandler:listeners:)`.
    public func register(
        simple job: some SimpleJob, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try register(JobDefinition(simple: job), configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    /// Registers a job to run as a `DataflowJob` (`fetchData`, then `processData`), whatever
    /// other job protocols its type conforms to.
    ///
    /// See `register(simple:configuration:errorHandler:listeners:)`.
    public func register<Job: DataflowJob>(
        dataflow job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try register(JobDefinition(dataflow: job), configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    /// Registers a job to run as a `ScriptJob` (its command line), whatever other job
    /// protocols its type conforms to.
    ///
    /// See `register(simple:configuration:errorHandler:listeners:)`.
    public func register<Job: ScriptJob>(
        script job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
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

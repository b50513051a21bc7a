import Logging
import ShardedJobs

extension JobTestRunner {
    /// A runner of a `SimpleJob`, spelled as `JobScheduler.register` spells it; see
    /// ``init(simple:configuration:errorHandler:listeners:settings:logger:)``.
    public init(
        _ job: some SimpleJob, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            simple: job, configuration: configuration, errorHandler: errorHandler, listeners: listeners, settings: settings,
            logger: logger)
    }

    /// A runner of a `DataflowJob`; see ``init(dataflow:configuration:errorHandler:listeners:settings:logger:)``.
    public init<Job: DataflowJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            dataflow: job, configuration: configuration, errorHandler: errorHandler, listeners: listeners,
            settings: settings, logger: logger)
    }

    /// A runner of a `ScriptJob`; see ``init(script:configuration:errorHandler:listeners:settings:logger:)``.
    public init<Job: ScriptJob>(
        _ job: Job, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = [], settings: SchedulerSettings = .init(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) throws {
        try self.init(
            script: job, configuration: configuration, errorHandler: errorHandler, listeners: listeners, settings: settings,
            logger: logger)
    }
}

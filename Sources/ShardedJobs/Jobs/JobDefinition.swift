/// A job as the runtime sees it: its type name (stored in `/{job}`) and how to run one item.
///
/// Package-visible so that `ShardedJobsTesting`'s runner runs a job exactly as a scheduler
/// registers it.
package struct JobDefinition: Sendable {
    /// The job type recorded in `/{job}`: the Swift type name, or `SCRIPT`/`HTTP`.
    let typeName: String
    /// Runs one item of one fire.
    var execute: @Sendable (ShardingContext) async throws -> Void
    /// The error handler registered with the job (else the configured `jobErrorHandlerType`).
    var errorHandler: (any JobErrorHandler)?
    /// The listeners registered with the job, in calling order.
    var listeners: [any JobListener] = []

    /// A `SimpleJob`: each item calls `execute`.
    package init(simple job: some SimpleJob) {
        typeName = Self.typeName(of: type(of: job))
        execute = { context in try await job.execute(context) }
    }

    /// A `DataflowJob`: each item fetches and processes once, or streams (`DataflowLoop`).
    package init<Job: DataflowJob>(dataflow job: Job) {
        typeName = Self.typeName(of: Job.self)
        execute = { context in try await DataflowLoop.run(job, context) }
    }

    /// A `ScriptJob`: each item runs the job's command line in a process group of its own.
    package init<Job: ScriptJob>(script job: Job) {
        typeName = Self.typeName(of: Job.self)
        execute = { context in try await job.execute(context) }
    }

    /// The name recorded in `/{job}`: a `NamedJobType`'s name, else the Swift type name.
    static func typeName(of type: Any.Type) -> String {
        (type as? any NamedJobType.Type)?.jobTypeName ?? String(reflecting: type)
    }
}

/// A job as the runtime sees it: its type name (stored in `/{job}`) and how to run one item.
struct JobDefinition: Sendable {
    /// The job type recorded in `/{job}`: the Swift type name, or `SCRIPT`/`HTTP`.
    let typeName: String
    /// Runs one item of one fire.
    let execute: @Sendable (ShardingContext) async throws -> Void
    /// The error handler registered with the job (else the configured `jobErrorHandlerType`).
    var errorHandler: (any JobErrorHandler)?
    /// The listeners registered with the job, in calling order.
    var listeners: [any JobListener] = []

    init(simple job: some SimpleJob) {
        typeName = Self.typeName(of: type(of: job))
        execute = { context in try await job.execute(context) }
    }

    init(typeName: String, execute: @escaping @Sendable (ShardingContext) async throws -> Void) {
        self.typeName = typeName
        self.execute = execute
    }

    /// The name recorded in `/{job}`: a `NamedJobType`'s name, else the Swift type name.
    static func typeName(of type: Any.Type) -> String {
        (type as? any NamedJobType.Type)?.jobTypeName ?? String(reflecting: type)
    }
}

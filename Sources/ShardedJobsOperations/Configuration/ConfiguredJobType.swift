/// A job type defined by configuration alone: a worker runs it without code of the job's own.
///
/// Written as the data of `/{job}` (`SCRIPT` or `HTTP`); a worker that runs
/// configured jobs (`sharded-worker`) reads the command or request from the
/// configuration's props.
public enum ConfiguredJobType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Runs a command line (`props.script.command.line`) with the sharding context as JSON.
    case script = "SCRIPT"
    /// Sends an HTTP request (`props.http.uri`, `http.method`, …) with the sharding context.
    case http = "HTTP"

    /// The props a job of this type cannot run without.
    ///
    /// `script.command.line` for ``script``; `http.uri` for ``http``.
    public var requiredProps: [String] {
        switch self {
        case .script: ["script.command.line"]
        case .http: ["http.uri"]
        }
    }

    /// The type's name as stored, `SCRIPT` or `HTTP`.
    ///
    /// The same as ``rawValue``.
    public var description: String { rawValue }
}

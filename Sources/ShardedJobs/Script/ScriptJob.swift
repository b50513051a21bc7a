import Foundation

/// A job whose items each run an external program: `script.command.line` (or a command line
/// the conformer returns), without a shell.
///
/// ```swift
/// struct Export: ScriptJob {}                                  // runs the configured command line
/// try await scheduler.register(Export(), configuration: JobConfiguration(
///     name: "export", schedule: .cron("0 0/5 * * * ?"), shardingTotalCount: 4,
///     props: ["script.command.line": "/opt/export/run.sh --mode 'full sync'"]))
/// ```
///
/// The command line is split like a shell would split words, without expanding anything:
/// single quotes keep everything literally, double quotes allow `\"` and `\\`, a backslash
/// outside quotes escapes the next character. The first word is the program (a path, or a
/// name looked up in `PATH`). The sharding context JSON (``ShardingContext/json(asciiOnly:)``)
/// is appended as the last argument and is also in the environment variable
/// `SHARDING_CONTEXT`; the rest of the environment is inherited.
///
/// Each line the program writes goes to the item's logger (`shard.item` metadata; stdout at
/// info, stderr at warning, with `script.stream`). A non-zero exit, a death by signal or a
/// failure to launch fails the item with a ``ScriptJobError`` carrying the status.
///
/// The program runs in a process group of its own. When the item is cancelled — the instance
/// lost its session (lease loss), or graceful shutdown reached its deadline — or its timeout
/// passes, the whole group gets `SIGTERM`, then `SIGKILL` after ``terminationGrace(for:)`` (and a
/// final `SIGKILL` to the group catches children that outlived the program).
public protocol ScriptJob: Sendable {
    /// The command line of one item. Default: the job's `script.command.line` prop.
    func commandLine(for context: ShardingContext) throws -> String
    /// How long the process group has between `SIGTERM` and `SIGKILL`. Default: the
    /// `script.termination.grace.seconds` prop, else 3 seconds.
    func terminationGrace(for context: ShardingContext) -> Duration
    /// The longest an item may run, nil for no limit. Default: the `script.timeout.seconds`
    /// prop, else no limit.
    func timeout(for context: ShardingContext) -> Duration?
}

extension ScriptJob {
    /// The `script.command.line` prop; throws when it is missing or blank.
    public func commandLine(for context: ShardingContext) throws -> String {
        guard let line = context.jobProperties[ScriptProperties.commandLine],
            !line.allSatisfy(\.isWhitespace)
        else { throw ScriptJobError(.missingCommandLine, command: "") }
        return line
    }

    /// The `script.termination.grace.seconds` prop, else 3 seconds.
    public func terminationGrace(for context: ShardingContext) -> Duration {
        ScriptProperties.seconds(context.jobProperties[ScriptProperties.terminationGrace]) ?? .seconds(3)
    }

    /// The grace actually used: `terminationGrace(for:)`, at most half the lease margin (a sixth
    /// of the negotiated session timeout, DESIGN section 11), so that on lease loss the group is
    /// killed before the server can expire the session and hand the item to someone else.
    func cappedGrace(for context: ShardingContext) -> Duration {
        let grace = terminationGrace(for: context)
        guard let timeout = context.lease.negotiatedTimeout else { return grace }
        return min(grace, timeout / 6)
    }

    /// The `script.timeout.seconds` prop, else no limit.
    public func timeout(for context: ShardingContext) -> Duration? {
        ScriptProperties.seconds(context.jobProperties[ScriptProperties.timeout])
    }

    /// Runs one item: splits the command line and runs the program (see the protocol).
    func execute(_ context: ShardingContext) async throws {
        let line = try commandLine(for: context)
        let words = try ScriptCommandLine.split(line)
        try await ScriptProcess(
            words: words, commandLine: line, context: context, grace: cappedGrace(for: context),
            timeout: timeout(for: context)
        ).run()
    }
}

/// A `ScriptJob` defined by its configuration alone (type `SCRIPT`): runs `script.command.line`.
public struct CommandLineScriptJob: ScriptJob, NamedJobType {
    /// The job type recorded in `/{job}`, `SCRIPT`.
    public static let jobTypeName = "SCRIPT"

    /// Creates the job.
    public init() {}
}

/// The props script jobs read.
enum ScriptProperties {
    static let commandLine = "script.command.line"
    static let terminationGrace = "script.termination.grace.seconds"
    static let timeout = "script.timeout.seconds"

    /// A positive number of seconds (fractions allowed), nil when absent or not positive.
    static func seconds(_ text: String?) -> Duration? {
        guard let text, let value = Double(text.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite
        else { return nil }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}

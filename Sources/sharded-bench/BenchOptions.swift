import Foundation

/// The orchestrator's command line.
///
///     sharded-bench [--zk HOST:PORT] [--worker PATH] [--seconds N] [--quick]
///                   [--work-ms N] [--session-ms N] [--only KEY,KEY,...] [--keep-logs]
///                   [--failover-runs N]
///
/// Without `--zk` the orchestrator starts its own standalone ZooKeeper (ZooKeeperTesting,
/// full JIT); without `--worker` it runs the `bench-worker` found next to its own executable.
/// `--seconds` is the measured window of every scenario (60 by default, as in issue 5);
/// `--quick` makes it 10 s, for a smoke run of about two minutes. `--only` runs a subset of
/// the scenarios, by their keys (see `Scenario.all`, and `failover` and `frozen` for the
/// failover-latency benchmark and the frozen-worker check of issue 6, `--failover-runs` runs
/// each, 3 by default).
struct BenchOptions {
    /// A ZooKeeper to use instead of starting one.
    var connectString: String?
    /// The `bench-worker` executable.
    var workerPath: String
    /// The measured window of each scenario, in seconds.
    var seconds = 60
    /// How long each item of the bench job sleeps.
    var workMillis = 50
    /// The session timeout the workers request.
    var sessionTimeoutMillis = 15_000
    /// The scenario keys to run; nil runs all of them.
    var only: Set<String>?
    /// Whether the workers' output files are kept (their directory is printed).
    var keepLogs = false
    /// Runs of the failover-latency benchmark and of the frozen-worker check.
    var failoverRuns = 3

    /// A command-line error, printed with the usage before exiting with status 2.
    struct UsageError: Error, CustomStringConvertible {
        /// What was wrong.
        let description: String
    }

    /// The usage text.
    static let usage = """
        usage: sharded-bench [--zk HOST:PORT] [--worker PATH] [--seconds N] [--quick]
                             [--work-ms N] [--session-ms N] [--only KEY,KEY,...] [--keep-logs]
                             [--failover-runs N]
        scenario keys: \((Scenario.all.map(\.key) + FailoverBenchmark.keys).joined(separator: ", "))
        """

    /// Parses the arguments (without the program name).
    ///
    /// - Parameter arguments: the command-line words.
    init(_ arguments: [String]) throws {
        workerPath = Self.executableDirectory() + "/bench-worker"
        var words = arguments[...]
        while let word = words.popFirst() {
            let (name, inline) = Self.split(word)
            func value() throws -> String {
                if let inline { return inline }
                guard let next = words.popFirst() else { throw UsageError(description: "\(name) needs a value") }
                return next
            }
            switch name {
            case "--zk": connectString = try value()
            case "--worker": workerPath = try value()
            case "--seconds": seconds = try Self.positive(try value(), name)
            case "--quick": seconds = 10
            case "--work-ms": workMillis = try Self.positive(try value(), name, allowZero: true)
            case "--session-ms": sessionTimeoutMillis = try Self.positive(try value(), name)
            case "--keep-logs": keepLogs = true
            case "--failover-runs": failoverRuns = try Self.positive(try value(), name)
            case "--only":
                let keys = Set(try value().split(separator: ",").map(String.init))
                let unknown = keys.subtracting(Scenario.all.map(\.key) + FailoverBenchmark.keys)
                guard unknown.isEmpty else {
                    throw UsageError(description: "unknown scenario \(unknown.sorted().joined(separator: ", "))")
                }
                only = keys
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument \(word)")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: workerPath) else {
            throw UsageError(description: "no bench-worker at \(workerPath) (build it, or pass --worker PATH)")
        }
    }

    /// The scenarios to run, in their fixed order.
    var scenarios: [Scenario] {
        Scenario.all.filter { only?.contains($0.key) ?? true }
    }

    /// Whether the run includes `key` (a scenario or a failover benchmark key).
    func includes(_ key: String) -> Bool {
        only?.contains(key) ?? true
    }

    /// Splits `--name=value` into its two parts; a word without `=` has no inline value.
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Reads a whole number that must be positive (or zero when allowed).
    private static func positive(_ text: String, _ name: String, allowZero: Bool = false) throws -> Int {
        guard let number = Int(text), number > 0 || (allowZero && number == 0) else {
            throw UsageError(description: "\(name): \"\(text)\" is not a \(allowZero ? "non-negative" : "positive") number")
        }
        return number
    }

    /// The directory of the running executable (from `/proc/self/exe`, else `argv[0]`).
    private static func executableDirectory() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}

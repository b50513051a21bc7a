/// A failure of the benchmark itself (not a measured figure): a worker that does not start or
/// get ready, a cluster that never settles, a server that cannot be queried.
///
/// A failure inside a scenario becomes a note under that scenario's figure lines (printed as
/// `n/a`) and the next scenario runs; a failure before the first scenario (no server) ends
/// the run with status 1. The kinds are static members, so that every message of one kind
/// reads the same.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong, in one line.
    let description: String

    /// Creates an error with its message.
    ///
    /// - Parameter description: what went wrong, in one line.
    init(_ description: String) {
        self.description = description
    }

    /// Some workers printed no `READY` line in time.
    ///
    /// - Parameters:
    ///   - tags: the workers without `READY`.
    ///   - timeout: how long they were given.
    static func notReady(_ tags: [String], within timeout: Duration) -> BenchError {
        BenchError("not READY within \(timeout): \(tags.joined(separator: ", "))")
    }

    /// No fire was executed completely and spread over all the workers in time.
    ///
    /// - Parameters:
    ///   - workers: the cluster's size.
    ///   - timeout: how long it was given after `READY`.
    ///   - state: what the latest fire looked like.
    static func notSteady(workers: Int, within timeout: Duration, state: String) -> BenchError {
        BenchError("no fire spread over all \(workers) workers within \(timeout) of READY (\(state))")
    }

    /// The server answered `srvr` without being able to serve.
    ///
    /// - Parameter answer: the start of its answer.
    static func notServing(_ answer: some StringProtocol) -> BenchError {
        BenchError("the ZooKeeper server is not serving (srvr answered: \(answer.prefix(80)))")
    }

    /// A file of the run could not be created or opened.
    ///
    /// - Parameter path: the file.
    static func file(_ path: String) -> BenchError {
        BenchError("cannot create or open \(path)")
    }
}

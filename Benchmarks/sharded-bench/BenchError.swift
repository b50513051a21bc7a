/// A failure of the benchmark itself (not a measured figure): a worker that does not start or
/// get ready, a server that cannot be queried.
///
/// The orchestrator prints it and exits with status 1; the figures measured before it are
/// already printed.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// Creates an error with its message.
    ///
    /// - Parameter description: what went wrong, in one line.
    init(_ description: String) {
        self.description = description
    }
}

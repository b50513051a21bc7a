import ShardedJobsZooKeeperTesting

/// The two ZooKeeper server counters the per-fire figures come from, read with `srvr`: the
/// last zxid (its low 32 bits count the write transactions of the current leader epoch) and
/// the packets received from clients (every request, ping and session set-up).
///
/// `delta(to:)` is nil when the epoch changed between the samples (a new leader, or a
/// restarted server) — the counter restarts then, so the difference would mean nothing.
struct ServerCounters: Sendable {
    /// The zxid's leader epoch (high 32 bits).
    var epoch: Int64
    /// The zxid's transaction counter (low 32 bits).
    var transactions: Int64
    /// Packets received from clients since the server started (or its statistics were reset).
    var packetsReceived: Int64

    /// What changed between two samples.
    struct Delta: Sendable {
        /// Write transactions committed in between.
        var transactions: Int64
        /// Client packets received in between.
        var packets: Int64
    }

    /// Reads the counters with a four-letter word exchange.
    ///
    /// - Parameter srvr: returns the server's answer to `srvr`.
    static func read(_ srvr: () async throws -> String) async throws -> ServerCounters {
        let answer = try await srvr()
        guard let status = ServerStatus(srvr: answer) else {
            throw BenchError.notServing(answer)
        }
        return ServerCounters(epoch: status.epoch, transactions: status.counter, packetsReceived: status.packetsReceived)
    }

    /// The server's version (the first word of `srvr`'s version line).
    ///
    /// - Parameter srvr: returns the server's answer to `srvr`.
    static func version(_ srvr: () async throws -> String) async throws -> String {
        let answer = try await srvr()
        guard let status = ServerStatus(srvr: answer) else { throw BenchError.notServing(answer) }
        return status.version.split(separator: "-").first.map(String.init) ?? status.version
    }

    /// The change from this sample to a later one; nil when the epoch changed in between or the
    /// packet counter went backwards (statistics reset).
    ///
    /// - Parameters:
    ///   - later: the sample at the window's end.
    ///   - samplingPackets: packets one read itself adds (`samplingOverhead`), subtracted once:
    ///     the difference of two reads holds the cost of exactly one of them.
    func delta(to later: ServerCounters, samplingPackets: Int64) -> Delta? {
        guard later.epoch == epoch, later.packetsReceived >= packetsReceived else { return nil }
        let packets = later.packetsReceived - packetsReceived - samplingPackets
        return Delta(transactions: later.transactions - transactions, packets: max(0, packets))
    }

    /// The cost of one sample itself: the smallest packet difference of three pairs of
    /// back-to-back reads (the four-letter-word connection counts as a client packet in 3.8).
    ///
    /// Measured before any worker runs; on a server with other clients (`--zk`) it can only
    /// be right while they are quiet.
    ///
    /// - Parameter srvr: returns the server's answer to `srvr`.
    /// - Returns: packets one read adds to the counter.
    static func samplingOverhead(_ srvr: () async throws -> String) async throws -> Int64 {
        var smallest = Int64.max
        for _ in 0..<3 {
            let first = try await read(srvr)
            let second = try await read(srvr)
            smallest = min(smallest, max(0, second.packetsReceived - first.packetsReceived))
        }
        return smallest
    }
}

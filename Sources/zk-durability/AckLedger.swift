/// What the writers had acknowledged, and the losses seen so far.
///
/// A writer records every write the server acknowledged; a read (by the writer after a failed
/// write, or by the round's verification) is compared with the last acknowledged sequence
/// number. A read older than it is a loss: it is recorded once, and the writer's baseline
/// becomes the read state so that later writes are compared with what the server now holds.
actor AckLedger {
    private struct WriterLog {
        var last: WrittenValue?
        var lastAt: Int64 = 0
        /// Recent acknowledged writes, oldest first (bounded), to count and date a loss.
        var recent: [(value: WrittenValue, at: Int64)] = []
        var acknowledged = 0
        /// Bumped by each recorded loss, so that a verification racing a writer counts it once.
        var generation = 0
    }

    private static let recentLimit = 4096
    private var writers: [WriterLog]
    private(set) var losses: [LostWrite] = []
    /// The round now running (0 before the first).
    var round = 0

    /// A ledger for `count` writers.
    init(writers count: Int) {
        writers = Array(repeating: WriterLog(), count: count)
    }

    /// Sets the round that later losses are attributed to.
    func begin(round: Int) {
        self.round = round
    }

    /// Records an acknowledged write of `writer`.
    func acknowledge(writer: Int, _ value: WrittenValue) {
        let at = LostWrite.now()
        writers[writer].last = value
        writers[writer].lastAt = at
        writers[writer].acknowledged += 1
        writers[writer].recent.append((value, at))
        if writers[writer].recent.count > 2 * Self.recentLimit {
            writers[writer].recent.removeFirst(Self.recentLimit)
        }
    }

    /// The writer's last acknowledged state and the loss generation, taken before a read.
    func snapshot(writer: Int) -> (last: WrittenValue?, generation: Int) {
        (writers[writer].last, writers[writer].generation)
    }

    /// Compares a read taken after `snapshot` with it; records and returns a loss if the read
    /// is older and no other reader recorded that loss in between.
    @discardableResult
    func compare(
        writer: Int, read: WrittenValue, snapshot: (last: WrittenValue?, generation: Int), detectedBy: String
    ) -> LostWrite? {
        let log = writers[writer]
        guard let acknowledged = snapshot.last, read.sequence < acknowledged.sequence,
            log.generation == snapshot.generation
        else { return nil }
        let missing = log.recent.filter { $0.value.sequence > read.sequence && $0.value.sequence <= acknowledged.sequence }
        let loss = LostWrite(
            round: round, writer: writer, detectedBy: detectedBy, acknowledged: acknowledged,
            acknowledgedAt: log.recent.last { $0.value.sequence == acknowledged.sequence }?.at ?? log.lastAt,
            firstLost: missing.first, count: missing.count, read: read)
        losses.append(loss)
        writers[writer].generation += 1
        writers[writer].recent.removeAll { $0.value.sequence > read.sequence }
        if log.last == acknowledged { writers[writer].last = read }
        return loss
    }

    /// How many writes each writer has had acknowledged.
    func acknowledgedCounts() -> [Int] {
        writers.map(\.acknowledged)
    }

    /// Waits until every writer has `writes` more acknowledged writes than in `counts`, checking
    /// every 100 ms up to `timeout`; returns the writers (0-based) that did not get there.
    func awaitProgress(beyond counts: [Int], by writes: Int, timeout: Duration) async -> [Int] {
        let deadline = ContinuousClock.now + timeout
        func lagging() -> [Int] { counts.indices.filter { writers[$0].acknowledged < counts[$0] + writes } }
        while !lagging().isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return lagging()
    }

    /// When the latest acknowledged write of any writer was acknowledged, epoch milliseconds.
    func latestAcknowledgedAt() -> Int64 {
        writers.map(\.lastAt).max() ?? 0
    }

    /// Each writer's last acknowledged state.
    func lastAcknowledged() -> [WrittenValue?] {
        writers.map(\.last)
    }
}

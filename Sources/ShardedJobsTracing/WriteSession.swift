import Logging
import ShardedJobs

/// The writer loop's state: whether the tables exist, the current outage, the drain deadline.
struct WriteSession {
    let writer: TracingWriter
    private var prepared = false
    private var failures = 0
    private var drainDeadline: ContinuousClock.Instant?

    init(writer: TracingWriter) {
        self.writer = writer
    }

    var pastDrainDeadline: Bool {
        guard let drainDeadline else { return false }
        return ContinuousClock.now >= drainDeadline
    }

    /// Writes batches until the buffer is empty, cancellation, or the drain deadline.
    mutating func writeAvailable() async {
        while !Task.isCancelled {
            noteDrain()
            let batch = writer.buffer.takeBatch(limit: writer.configuration.batchSize)
            guard !batch.isEmpty else { return }
            let written = await write(batch)
            writer.buffer.finishBatch(dropped: !written)
            if !written { writer.metrics.dropped.increment(by: Int64(batch.count)) }
            logDrops()
            if pastDrainDeadline { return }
        }
    }

    /// Writes one batch, retrying while the store is down; false when it was given up
    /// (rejected, cancelled, or the drain deadline passed).
    private mutating func write(_ batch: [JobTraceEvent]) async -> Bool {
        var delay = writer.configuration.retryDelay
        let store = writer.store
        let timeout = writer.configuration.writeTimeout
        while true {
            do {
                if !prepared {
                    try await withTimeout(timeout) { try await store.prepare() }
                    prepared = true
                }
                try await withTimeout(timeout) { try await store.write(batch) }
                if failures > 0 {
                    writer.logger.info("trace store is back after \(failures) failed writes")
                    failures = 0
                }
                writer.countWritten(batch.count)
                return true
            } catch let error as TraceStoreError where error.code == .rejected {
                writer.logger.error("trace store rejected a batch of \(batch.count) events (dropped): \(error)")
                return false
            } catch {
                failures += 1
                prepared = false  // the store may come back empty (a new database): create again
                writer.metrics.failedWrites.increment()
                if failures == 1 {
                    writer.logger.warning("trace store unavailable, retrying (events wait in the buffer): \(error)")
                } else {
                    writer.logger.debug("trace store still unavailable (\(failures) failed writes): \(error)")
                }
            }
            logDrops()
            noteDrain()
            if Task.isCancelled || pastDrainDeadline { return false }
            var pause = delay
            if let drainDeadline { pause = min(pause, drainDeadline - ContinuousClock.now) }
            try? await Task.sleep(for: pause)
            delay = min(delay * 2, writer.configuration.maxRetryDelay)
        }
    }

    private mutating func noteDrain() {
        if drainDeadline == nil, writer.isDraining {
            drainDeadline = ContinuousClock.now + writer.configuration.drainDeadline
        }
    }

    private func logDrops() {
        let dropped = writer.buffer.takeUnloggedDrops()
        guard dropped > 0 else { return }
        writer.logger.warning(
            "dropped \(dropped) trace events (buffer of \(writer.buffer.capacity) full or store refused them)",
            metadata: ["tracing.dropped.total": "\(writer.droppedEvents)"])
    }
}

/// Runs `operation`, failing with `TraceWriteTimeout` when it takes longer than `limit`.
func withTimeout<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask {
            try await operation()
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TraceWriteTimeout(limit: limit) }
        return value
    }
}

/// A write, table creation or prune batch that took longer than the writer's `writeTimeout`.
struct TraceWriteTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "the store did not answer within \(limit)" }
}

import Foundation
import Logging

/// The writer's retention: runs beside its write loop and deletes rows older than
/// ``TracingWriterConfiguration/retention``, one small batch at a time, so that event writes
/// interleave with the deletes and the buffer never waits for a whole prune.
///
/// A pass prepares the tables (idempotent), then deletes batches of at most
/// ``TracingWriterConfiguration/pruneBatchSize`` rows, pausing
/// ``TracingWriterConfiguration/pruneBatchPause`` between them, until a batch deletes fewer.
/// A failed batch ends the pass: it is logged and counted
/// (`sharded_jobs_trace_prune_failures_total`) and the next pass tries again; nothing is
/// thrown out of the writer's `run()`. A drain or cancellation stops pruning between batches.
struct TracePruner {
    let writer: TracingWriter
    let retention: Duration

    /// The longest wait before the first pass.
    static let firstPassDelay: Duration = .seconds(60)
    /// The shortest pause between passes: a zero interval would run them back to back.
    static let shortestInterval: Duration = .seconds(1)

    /// Passes until cancelled or draining: the first after one minute (or the interval, when
    /// shorter), then one interval after the end of each.
    func run() async {
        let configuration = writer.configuration
        var pause = min(configuration.pruneInterval, Self.firstPassDelay)
        while true {
            do {
                try await Task.sleep(for: pause)
            } catch {
                return  // cancelled: the writer stops
            }
            if Task.isCancelled || writer.isDraining { return }
            await pass()
            pause = max(configuration.pruneInterval, Self.shortestInterval)
        }
    }

    /// One pass; returns the rows it deleted.
    @discardableResult
    func pass() async -> Int {
        let configuration = writer.configuration
        let limit = configuration.effectivePruneBatchSize
        let cutoff = Date().addingTimeInterval(-Self.seconds(retention))
        let store = writer.store
        let timeout = configuration.writeTimeout
        let started = ContinuousClock.now
        var deleted = 0
        var batches = 0
        do {
            try await withTimeout(timeout) { try await store.prepare() }
            while !Task.isCancelled, !writer.isDraining {
                if batches > 0 { try await Task.sleep(for: configuration.pruneBatchPause) }
                let count = try await withTimeout(timeout) { try await store.prune(olderThan: cutoff, limit: limit) }
                batches += 1
                deleted += count
                writer.countPruned(count)
                if count < limit { break }
            }
        } catch {
            if Task.isCancelled { return deleted }
            writer.metrics.pruneFailures.increment()
            writer.logger.warning(
                "pruning trace rows failed after \(deleted) rows (tried again at the next pass): \(error)",
                metadata: ["tracing.prune.cutoff": "\(cutoff)"])
            return deleted
        }
        if deleted > 0 {
            writer.logger.info(
                "pruned \(deleted) trace rows older than the retention in \(batches) batches",
                metadata: [
                    "tracing.prune.cutoff": "\(cutoff)", "tracing.prune.duration": "\(ContinuousClock.now - started)",
                ])
        }
        return deleted
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

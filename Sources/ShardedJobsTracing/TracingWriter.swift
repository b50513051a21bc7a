import Logging
import Metrics
import ServiceLifecycle
import ShardedJobs
import Synchronization

/// The bounded asynchronous sink between the scheduler and a ``TraceStore``: a
/// `JobTraceHandler` on the jobs' side, a `Service` on the store's side.
///
/// ```swift
/// let store = SQLiteTraceStore(path: "trace.sqlite", logger: logger)
/// let writer = TracingWriter(store: store, logger: logger)
/// let scheduler = JobScheduler(zooKeeper: zooKeeper, settings: .init(tracer: JobTracer(writer)), logger: logger)
/// let group = ServiceGroup(services: [store, writer, scheduler], logger: logger) // stops right to left
/// ```
///
/// `record` only appends to a buffer (a lock, no wait). `run()` writes the buffer in
/// batches; when the store fails, it retries the same batch with growing pauses while the
/// buffer fills; past ``TracingWriterConfiguration/bufferCapacity`` new events are dropped,
/// counted (``droppedEvents``, the counter `sharded_jobs_trace_events_dropped_total`) and
/// logged, never silently, and never at the cost of a job. Graceful shutdown writes what is
/// left within ``TracingWriterConfiguration/drainDeadline``; put the writer after its store
/// and before the scheduler in the `ServiceGroup`, so that the scheduler's last completions
/// are buffered before the writer drains, and the store closes last. Cancellation stops at once (the rest is counted as dropped).
///
/// Beside the writes, `run()` prunes rows older than ``TracingWriterConfiguration/retention``
/// (30 days by default; nil turns it off) in batches of at most 1,000 rows, so that event
/// writes interleave with the deletes (``prunedRows``, the counter
/// `sharded_jobs_trace_rows_pruned_total`).
public final class TracingWriter: JobTraceHandler, Service, Sendable {
    /// The store events go to.
    public let store: any TraceStore
    /// The writer's settings.
    public let configuration: TracingWriterConfiguration
    let logger: Logger
    let buffer: TraceBuffer
    let metrics: Instruments
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let draining = Atomic<Bool>(false)
    private let written = Atomic<Int>(0)
    private let pruned = Atomic<Int>(0)

    /// Creates a writer to `store`.
    public init(store: any TraceStore, configuration: TracingWriterConfiguration = .init(), logger: Logger) {
        self.store = store
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "tracing.store"] = "\(type(of: store))"
        self.logger = logger
        self.buffer = TraceBuffer(capacity: configuration.bufferCapacity)
        self.metrics = Instruments(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Buffers an event for writing; drops (and counts) it when the buffer is full.
    public func record(_ event: JobTraceEvent) {
        switch buffer.append(event) {
        case .accepted(let wasEmpty):
            if wasEmpty { wake.yield() }
        case .dropped:
            metrics.dropped.increment()
        }
    }

    /// Events written to the store so far.
    public var writtenEvents: Int { written.load(ordering: .relaxed) }
    /// Events dropped so far: the buffer was full, the store rejected them, or shutdown came
    /// before they could be written.
    public var droppedEvents: Int { buffer.dropped }
    /// Events waiting to be written (the batch being written included).
    public var bufferedEvents: Int { buffer.buffered }
    /// Rows deleted so far because they were older than the retention.
    public var prunedRows: Int { pruned.load(ordering: .relaxed) }

    /// Writes until graceful shutdown (then drains within the deadline) or cancellation, and
    /// prunes beside the writes while ``TracingWriterConfiguration/retention`` is set.
    ///
    /// The store must be running (it is a `Service` of its own, before the writer).
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                if let retention = self.configuration.retention {
                    group.addTask { await TracePruner(writer: self, retention: retention).run() }
                }
                await self.writeLoop()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
        let left = buffer.close()
        if left > 0 {
            metrics.dropped.increment(by: Int64(left))
            logger.warning("trace writer stopped with \(left) events unwritten (counted as dropped)")
        }
    }

    /// Starts a graceful drain, as the service group would: what is buffered is written
    /// within the deadline, then `run()` returns.
    public func shutdown() {
        draining.store(true, ordering: .relaxed)
        wake.yield()
    }

    private func writeLoop() async {
        var session = WriteSession(writer: self)
        for await _ in wakeups {
            await session.writeAvailable()
            if Task.isCancelled || (draining.load(ordering: .relaxed) && (buffer.isEmpty || session.pastDrainDeadline)) {
                return
            }
            if draining.load(ordering: .relaxed) { wake.yield() }
        }
    }

    func countWritten(_ count: Int) {
        _ = written.add(count, ordering: .relaxed)
        metrics.written.increment(by: Int64(count))
    }

    func countPruned(_ count: Int) {
        guard count > 0 else { return }
        _ = pruned.add(count, ordering: .relaxed)
        metrics.pruned.increment(by: Int64(count))
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// The writer's swift-metrics instruments.
    struct Instruments: Sendable {
        let dropped: Counter
        let written: Counter
        let failedWrites: Counter
        let pruned: Counter
        let pruneFailures: Counter

        init(factory: any MetricsFactory) {
            dropped = Counter(label: "sharded_jobs_trace_events_dropped_total", factory: factory)
            written = Counter(label: "sharded_jobs_trace_events_written_total", factory: factory)
            failedWrites = Counter(label: "sharded_jobs_trace_write_failures_total", factory: factory)
            pruned = Counter(label: "sharded_jobs_trace_rows_pruned_total", factory: factory)
            pruneFailures = Counter(label: "sharded_jobs_trace_prune_failures_total", factory: factory)
        }
    }
}

import Metrics

/// How a ``TracingWriter`` buffers, batches, retries and drains.
public struct TracingWriterConfiguration: Sendable {
    /// Events kept while the store is slow or down (the batch being written included);
    /// past it, new events are dropped, counted, logged and exposed as a metric.
    public var bufferCapacity: Int
    /// The most events written in one batch.
    public var batchSize: Int
    /// The first pause after a failed write; it doubles up to ``maxRetryDelay``.
    public var retryDelay: Duration
    /// The longest pause between two tries while the store is down.
    public var maxRetryDelay: Duration
    /// How long one write may take before it counts as failed (and is tried again).
    public var writeTimeout: Duration
    /// How long graceful shutdown keeps writing what is buffered; the rest is dropped.
    public var drainDeadline: Duration
    /// How long rows are kept: execution rows by `start_time`, status rows by
    /// `creation_time`; older ones are deleted (``TraceStore/prune(olderThan:limit:)``). Nil
    /// keeps every row forever (nothing is deleted).
    public var retention: Duration?
    /// The pause between the end of one prune pass and the start of the next. The first pass
    /// starts one minute after ``TracingWriter/run()`` (or after this interval, when shorter);
    /// passes are at least a second apart.
    public var pruneInterval: Duration
    /// The most rows one prune batch deletes (all tables together); taken between 1 and
    /// ``maxPruneBatchSize``.
    public var pruneBatchSize: Int
    /// The pause between two batches of a pass, which leaves the database to the writes.
    public var pruneBatchPause: Duration
    /// The metrics backend; nil uses the bootstrapped `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    /// The default ``retention``: 30 days.
    public static let defaultRetention: Duration = .seconds(30 * 24 * 3600)
    /// The largest ``pruneBatchSize`` used: a larger setting deletes 1,000 rows a batch.
    public static let maxPruneBatchSize = 1_000

    /// Creates a configuration; the defaults suit a service with up to thousands of items a
    /// second.
    public init(
        bufferCapacity: Int = 10_000,
        batchSize: Int = 500,
        retryDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5),
        writeTimeout: Duration = .seconds(10),
        drainDeadline: Duration = .seconds(10),
        retention: Duration? = TracingWriterConfiguration.defaultRetention,
        pruneInterval: Duration = .seconds(3600),
        pruneBatchSize: Int = TracingWriterConfiguration.maxPruneBatchSize,
        pruneBatchPause: Duration = .milliseconds(10),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.bufferCapacity = bufferCapacity
        self.batchSize = batchSize
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.writeTimeout = writeTimeout
        self.drainDeadline = drainDeadline
        self.retention = retention
        self.pruneInterval = pruneInterval
        self.pruneBatchSize = pruneBatchSize
        self.pruneBatchPause = pruneBatchPause
        self.metricsFactory = metricsFactory
    }

    /// ``pruneBatchSize`` within 1 … ``maxPruneBatchSize``.
    var effectivePruneBatchSize: Int { min(max(pruneBatchSize, 1), Self.maxPruneBatchSize) }
}

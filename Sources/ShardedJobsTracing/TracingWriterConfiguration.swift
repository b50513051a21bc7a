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
    /// The metrics backend; nil uses the bootstrapped `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration; the defaults suit a service with up to thousands of items a
    /// second.
    public init(
        bufferCapacity: Int = 10_000,
        batchSize: Int = 500,
        retryDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5),
        writeTimeout: Duration = .seconds(10),
        drainDeadline: Duration = .seconds(10),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.bufferCapacity = bufferCapacity
        self.batchSize = batchSize
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.writeTimeout = writeTimeout
        self.drainDeadline = drainDeadline
        self.metricsFactory = metricsFactory
    }
}

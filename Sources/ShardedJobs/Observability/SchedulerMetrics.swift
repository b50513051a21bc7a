import Metrics
import ShardedJobsZooKeeper

/// A scheduler's own instruments (docs/observability.md): the state of its ZooKeeper session
/// and the requests its client sends.
struct SchedulerMetrics: Sendable {
    /// The client's operations, the `operation` dimension of `sharded_jobs_zookeeper_requests_total`.
    static let operations = ["create", "delete", "exists", "getData", "setData", "getChildren", "multi", "sync"]

    /// 1 while the session is connected, 0 while it is suspended or there is none.
    let connected: Gauge
    /// Sessions lost (expired or closed under the scheduler).
    let sessionsLost: Counter
    /// Requests sent, by operation.
    let requests: [String: Counter]

    init(factory: any MetricsFactory) {
        connected = Gauge(label: "sharded_jobs_session_connected", factory: factory)
        sessionsLost = Counter(label: "sharded_jobs_sessions_lost_total", factory: factory)
        requests = Dictionary(
            uniqueKeysWithValues: Self.operations.map { operation in
                (operation, Counter(label: "sharded_jobs_zookeeper_requests_total", dimensions: [("operation", operation)], factory: factory))
            })
    }

    /// Counts one request the client sent.
    func requested(_ operation: String) {
        requests[operation]?.increment()
    }

    /// Records a change of the session.
    func sessionChanged(_ event: SessionEvent) {
        switch event {
        case .connected, .reconnected:
            connected.record(1)
        case .suspended:
            connected.record(0)
        case .lost:
            connected.record(0)
            sessionsLost.increment()
        }
    }
}

import Metrics
import ShardedJobsZooKeeper

/// A scheduler's own instruments (docs/observability.md): the state of its ZooKeeper session.
struct SchedulerMetrics: Sendable {
    /// 1 while the session is connected, 0 while it is suspended or there is none.
    let connected: Gauge
    /// Sessions lost (expired or closed under the scheduler).
    let sessionsLost: Counter

    init(factory: any MetricsFactory) {
        connected = Gauge(label: "sharded_jobs_session_connected", factory: factory)
        sessionsLost = Counter(label: "sharded_jobs_sessions_lost_total", factory: factory)
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

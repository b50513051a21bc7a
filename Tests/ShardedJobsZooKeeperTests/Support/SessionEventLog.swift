import ShardedJobsZooKeeper
import TestSupport

/// A client's session events with their arrival instants, and waits for one with a deadline.
typealias SessionEventLog = EventLog<SessionEvent>

extension EventLog where Event == SessionEvent {
    /// Starts recording the client's session events (the first describes the present).
    convenience init(_ client: ZooKeeperClient) {
        self.init(client.sessionEvents())
    }
}

extension SessionEvent {
    var isConnected: Bool { if case .connected = self { true } else { false } }
    var isLost: Bool { if case .lost = self { true } else { false } }
}

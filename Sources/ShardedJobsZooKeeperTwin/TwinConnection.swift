@_spi(Simulation) import ShardedJobsZooKeeper
import Synchronization

/// One connection of the twin's transport, as the client sees it.
///
/// Its state lives in the twin (`TwinClient`); this object forwards the client's calls there
/// and delivers the twin's events to the client, behind a gate that `close()` shuts, so that
/// no event arrives once `close()` has returned.
final class TwinConnection: ZooKeeperConnection, Sendable {
    let id: Int
    private let events: ZooKeeperTransportEvents
    private let gate = Mutex(true)
    private let twin = Mutex<ZooKeeperTwin?>(nil)

    init(id: Int, events: ZooKeeperTransportEvents) {
        self.id = id
        self.events = events
    }

    /// Attaches the twin (once, right after the twin registered the connection).
    func attach(to twin: ZooKeeperTwin) {
        self.twin.withLock { $0 = twin }
    }

    private var owner: ZooKeeperTwin? { twin.withLock { $0 } }

    func submit(_ request: ZooKeeperTransportRequest, id requestID: Int, watch: Int?) -> ZooKeeperError.Code? {
        guard let owner else { return .invalidState }
        return owner.submit(client: id, request: request, requestID: requestID, watch: watch)
    }

    var connectedServer: String? { owner?.connectedServer(client: id) }

    var connectionProblem: String? { owner?.connectionProblem(client: id) }

    func close() async {
        owner?.close(client: id)
        gate.withLock { $0 = false }
        twin.withLock { $0 = nil }
    }

    /// Delivers an event unless the connection is closed (called by the twin's driver only).
    func deliver(_ event: ZooKeeperTransportEvent) {
        gate.withLock { open in
            if open { events.yield(event) }
        }
    }
}

/// The twin's transport for one client (one worker): every connection it opens carries its
/// name, which the twin's faults address.
@_spi(Simulation)
public struct TwinTransport: ZooKeeperTransport {
    let twin: ZooKeeperTwin
    /// The name faults address (`twin.cut("w1")`).
    public let name: String

    /// Opens a connection to the twin; throws `hostNotFound` while the twin makes this
    /// client's hosts unresolvable.
    public func open(_ options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) async throws
        -> any ZooKeeperConnection
    {
        try twin.open(name: name, options: options, events: events)
    }
}

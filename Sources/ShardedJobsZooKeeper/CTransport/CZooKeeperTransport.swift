/// The production transport: Apache ZooKeeper's C client (`libzookeeper-mt`), one C handle
/// (`SessionHandle`) per connection.
struct CZooKeeperTransport: ZooKeeperTransport {
    func open(_ options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) async throws
        -> any ZooKeeperConnection
    {
        CLogBridge.install(options.logger)
        return try await SessionHandle.open(options, events: events)
    }
}

import Testing

/// Every test of the operations module and of `shardctl`; the suites that start ZooKeeper
/// servers, schedulers and `shardctl` processes are nested below it and run one at a time.
@Suite("Operations API and shardctl", .serialized)
struct OperationsTests {}

import Testing
import TestSupport

/// Every test that starts a ZooKeeper server lives below this suite, which runs its members
/// one at a time: servers and clients on a 2-core machine must not compete with each other.
@Suite("Against real ZooKeeper servers", .serialized, .tier(.server))
struct ServerTests {}

import Testing
import TestSupport

/// Every test that starts a ZooKeeper server or worker processes lives below this suite, which
/// runs its members one at a time.
@Suite("Job core against a real ZooKeeper server", .serialized, .tier(.server))
struct ClusterTests {}

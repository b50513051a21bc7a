import Testing
import TestSupport

/// The kit's tests that start a ZooKeeper server or a child process, one at a time.
@Suite("Test kit against real servers and processes", .serialized, .tier(.server))
struct ServerTierTests {}

import Testing
import TestSupport

/// The chaos suite of issue 6: real `bench-worker` processes on real ZooKeeper, faults on the
/// workers and on the servers, and the execution checker of DESIGN section 10 over their
/// output. Every scenario asserts zero duplicates and zero lost item-fires. The scenarios
/// start processes and servers, so they run one at a time below this suite.
@Suite("Chaos: failover, misfire and session loss under faults", .serialized, .tier(.chaos))
struct ChaosTests {}

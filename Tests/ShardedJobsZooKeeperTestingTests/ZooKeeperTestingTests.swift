import Testing
import TestSupport

/// Every suite that starts ZooKeeper servers is nested here, and this suite runs its members
/// one at a time (`.serialized` applies to nested suites too): JVMs on a 2-core machine must
/// not start in parallel.
///
/// The suites are declared in extensions, one file each: `ServerLifecycleTests`,
/// `ServerQueryTests`, `PortRaceTests`, `StartupWindowTests`, `WatchdogTests`, `EnsembleTests`,
/// `SessionExpirerTests`.
@Suite("ZooKeeperTesting against real servers", .serialized, .tier(.server))
struct ZooKeeperTestingTests {}

#if Console && SQLiteTracing && PostgresTracing
import Testing
import TestSupport

/// Every test of the web console: route tests without a socket, the live updates, the
/// `history` command, and the headless-Chromium test. The suites start ZooKeeper servers,
/// schedulers and processes, so they are nested below this one and run one at a time.
@Suite("Web console", .serialized, .tier(.server))
struct ConsoleTests {}
#endif

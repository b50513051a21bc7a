import Testing

/// Every tracing test lives below this suite, which runs its members one at a time (they
/// start ZooKeeper and PostgreSQL servers).
@Suite("Tracing to SQLite and PostgreSQL", .serialized)
struct TracingTests {}

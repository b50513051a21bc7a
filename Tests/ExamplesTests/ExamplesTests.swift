import Testing

/// Every test of the examples lives below this suite, which runs its members one at a time
/// (some start a ZooKeeper server and processes).
@Suite("Examples, the README snippet and the demo", .serialized)
struct ExamplesTests {}

import Testing
import TestSupport

/// Every recipe test that starts a ZooKeeper server or ensemble lives below this suite, which
/// runs its members one at a time: servers and clients on a 2-core machine must not compete.
@Suite("Recipes against real ZooKeeper", .serialized, .tier(.server))
struct RecipeServerTests {}

import Foundation
import Testing

/// The tiers of the test suite (docs/testing.md, "Test tiers").
///
/// A test that needs no ZooKeeper server, child process, browser or database is in the fast
/// tier and carries no tier trait: it always runs. Every other suite names its tier with
/// `.tier(…)`, and runs only when that tier is selected: `SHARDED_TEST_TIERS` holds a
/// comma-separated list (`fast`, `server`, `chaos`, `browser`, `postgres`); unset, every tier
/// runs. `scripts/test.sh --fast` sets it to `fast`.
public enum TestTier: String, CaseIterable, Sendable {
    /// Values, machines and twins: no server, process, browser or database.
    case fast
    /// Real ZooKeeper servers (and ensembles), in-process schedulers, child processes.
    case server
    /// Multi-process clusters under faults (kill, freeze, restarts, partitions).
    case chaos
    /// The console in headless Chromium.
    case browser
    /// A throwaway PostgreSQL server.
    case postgres

    /// The tiers selected by `SHARDED_TEST_TIERS` (every tier when it is unset or empty).
    public static let selected: Set<TestTier> = {
        guard let list = ProcessInfo.processInfo.environment["SHARDED_TEST_TIERS"], !list.isEmpty else {
            return Set(allCases)
        }
        return Set(list.split(separator: ",").compactMap { TestTier(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
    }()

    /// Whether tests of this tier run.
    public var isSelected: Bool { Self.selected.contains(self) }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite or test only when its tier is selected (`SHARDED_TEST_TIERS`).
    public static func tier(_ tier: TestTier) -> Self {
        .enabled(if: tier.isSelected, "the \(tier.rawValue) tier is not selected (SHARDED_TEST_TIERS)")
    }
}

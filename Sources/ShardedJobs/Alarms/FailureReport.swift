import Foundation

/// One instance's reported events for one alarm rule of a job — failed, timed-out or stuck
/// item-fires — its ephemeral `/{job}/alarms/{rule}/reports/{instanceId}` (JSON): what the
/// job's leader sums against the rule's threshold (``CountingRule``).
///
/// It keeps the newest `threshold` events: the leader only asks whether the sum over the
/// instances reaches the threshold, and a sum of counts each capped at the threshold reaches
/// it exactly when the sum of the full counts does.
struct FailureReport: Codable, Sendable, Hashable {
    /// One failed item-fire.
    struct Failure: Codable, Sendable, Hashable {
        /// The fire, epoch ms.
        var fire: Int64
        var item: Int
        /// When it failed (after its last attempt), epoch ms: what the window counts.
        var at: Int64
    }

    /// Oldest first.
    private(set) var failures: [Failure] = []
    /// The last distinct causes, newest first.
    private(set) var causes: [String] = []

    /// The longest cause kept, in characters.
    static let causeLength = 300
    /// How many causes are kept.
    static let causeCount = 3

    /// Adds a failure, keeping at most `limit` failures, none older than `horizon`.
    mutating func add(_ failure: Failure, cause: String, limit: Int, horizon: Int64) {
        failures.removeAll { $0.fire == failure.fire && $0.item == failure.item }
        failures.append(failure)
        failures.removeAll { $0.at < horizon }
        if failures.count > limit { failures.removeFirst(failures.count - limit) }
        let cause = String(cause.replacingOccurrences(of: "\n", with: " ").prefix(Self.causeLength))
        causes.removeAll { $0 == cause }
        causes.insert(cause, at: 0)
        causes = Array(causes.prefix(Self.causeCount))
    }

    /// Withdraws an item-fire's event (a stuck execution that ended); false if it was not there.
    mutating func remove(fire: Int64, item: Int) -> Bool {
        let before = failures.count
        failures.removeAll { $0.fire == fire && $0.item == item }
        return failures.count != before
    }

    /// The node's data.
    var data: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// Reads a report; nil for data that is not one (written by hand).
    init?(data: [UInt8]) {
        guard let report = try? JSONDecoder().decode(FailureReport.self, from: Data(data)) else { return nil }
        self = report
    }

    init() {}
}

import Foundation
import Logging
@testable import ShardedJobs
import TestSupport

/// An ordered record of what job types, listeners and error handlers did, shared by the
/// schedulers of a test; each entry has a sequence number (its place in the record).
final class JobEventLog: Sendable {
    struct Entry: Sendable, Hashable {
        let sequence: Int
        let kind: String
        let instance: String
        let fire: Int64
        let item: Int?
        let detail: String
    }

    private let entries = EventLog<Entry>()

    func record(_ kind: String, instance: String = "", fire: Int64 = 0, item: Int? = nil, detail: String = "") {
        entries.record(Entry(sequence: 0, kind: kind, instance: instance, fire: fire, item: item, detail: detail))
    }

    var all: [Entry] { Self.numbered(entries.events) }

    func entries(_ kind: String) -> [Entry] { all.filter { $0.kind == kind } }

    /// Waits until `condition` holds, re-checked at each new entry.
    func wait(_ what: String, within limit: Duration = .seconds(30), until condition: @escaping @Sendable ([Entry]) -> Bool)
        async throws
    {
        try await entries.wait(what, within: limit) { condition(Self.numbered($0)) }
    }

    /// The entries with their sequence numbers.
    private static func numbered(_ entries: [Entry]) -> [Entry] {
        entries.enumerated().map { index, entry in
            Entry(sequence: index, kind: entry.kind, instance: entry.instance, fire: entry.fire, item: entry.item, detail: entry.detail)
        }
    }

    /// A logger whose messages at `level` or above are recorded as entries of kind `log`
    /// (the job's name as the instance, the item from `shard.item`).
    func logger(level: Logger.Level = .warning) -> Logger {
        CapturedLog.logger(label: "event-log", level: level) { line in
            self.record(
                "log", instance: line.metadata["job.name"] ?? "", item: line.metadata["shard.item"].flatMap { Int($0) },
                detail: "\(line.level): \(line.message)")
        }
    }
}

/// The fire of a context, in epoch ms.
func fireMillis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

import Foundation

/// The cluster's state of one alarm rule of a job, the data of `/{job}/alarms/{rule}` (JSON):
/// written only by the job's leader, by a versioned `setData`, so that every transition is
/// decided once (DESIGN 12.10).
struct AlarmRecord: Codable, Sendable, Hashable {
    /// Whether an episode is open.
    var raised = false
    /// The last episode's number; 0 before the first.
    var episode = 0
    /// No episode is raised before this instant, epoch ms.
    var silenceUntil: Int64 = 0
    /// Whether the last transition reached every notifier; a new leader delivers it if not.
    var delivered = true
    /// When the last transition was decided, epoch ms.
    var changedAt: Int64 = 0
    /// What the last raise was about: the latest fire, the items, the causes.
    var fire: Int64?
    var items: [Int] = []
    var causes: [String] = []

    /// The notification of the last transition.
    func alarm(job: String, rule: String) -> Alarm {
        Alarm(
            job: job, rule: rule, state: raised ? .raised : .resolved, episode: episode,
            fire: fire.map { Date(timeIntervalSince1970: Double($0) / 1000) }, items: items, causes: causes,
            time: Date(timeIntervalSince1970: Double(changedAt) / 1000))
    }

    /// The node's data.
    var data: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// Reads a record; a node without data (just created) is the initial record, and data
    /// that is not a record (written by hand) is nil.
    init?(data: [UInt8]) {
        if data.isEmpty {
            self.init()
            return
        }
        guard let record = try? JSONDecoder().decode(AlarmRecord.self, from: Data(data)) else { return nil }
        self = record
    }

    init() {}
}

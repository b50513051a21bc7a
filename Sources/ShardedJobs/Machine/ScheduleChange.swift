/// The job's last schedule change (DESIGN 12.5; ours, `/{job}/schedule`): a boundary of the new
/// cron (or time zone) that lies before the change is never owed, while fires of the old
/// schedule before the change still are.
///
/// Written `{changedAt} {old time zone} {old cron} -> {new time zone} {new cron}` (a zone `-`
/// when the configuration named none: the host's) by the instances that see the configuration
/// change; `changedAt` is the configuration node's modification time (ZooKeeper's clock), the
/// same for every instance. Earlier changes follow on lines of their own, newest first (at most
/// ``kept`` in all), so that a catch-up across several quick changes knows the schedule of each
/// stretch. The new schedule tells an instance that missed a change (it was away) what was in
/// effect until the next one; lines without it (earlier versions) read with it unknown.
struct ScheduleChange: Sendable, Hashable, CustomStringConvertible {
    /// How many changes the record keeps.
    static let kept = 8

    /// When the new schedule took effect (epoch ms).
    let changedAt: Int64
    /// The previous schedule's time zone; nil for the host's.
    let previousTimeZone: String?
    /// The previous schedule's cron expression.
    let previousCron: String
    /// The new schedule (time zone, nil for the host's, and cron), when the record names it.
    let new: (timeZone: String?, cron: String)?
    /// The changes before this one, newest first (their own `earlier` is empty).
    var earlier: [ScheduleChange] = []

    init(
        changedAt: Int64, previousTimeZone: String?, previousCron: String, new: (timeZone: String?, cron: String)? = nil,
        earlier: [ScheduleChange] = []
    ) {
        self.changedAt = changedAt
        self.previousTimeZone = previousTimeZone
        self.previousCron = previousCron
        self.new = new
        self.earlier = earlier
    }

    static func == (lhs: ScheduleChange, rhs: ScheduleChange) -> Bool {
        lhs.description == rhs.description
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    /// Parses a node's data; nil when it is not a schedule record.
    init?(_ text: String) {
        let lines = text.split(separator: "\n")
        guard let first = lines.first, let latest = Self.change(first) else { return nil }
        self = latest
        earlier = lines.dropFirst().compactMap(Self.change)
    }

    private static func change(_ line: Substring) -> ScheduleChange? {
        let sides = line.split(separator: " -> ", maxSplits: 1, omittingEmptySubsequences: false)
        let fields = sides[0].split(separator: " ", maxSplits: 2)
        guard fields.count == 3, let at = Int64(fields[0]) else { return nil }
        var new: (timeZone: String?, cron: String)?
        if sides.count == 2 {
            let newFields = sides[1].split(separator: " ", maxSplits: 1)
            if newFields.count == 2 { new = (newFields[0] == "-" ? nil : String(newFields[0]), String(newFields[1])) }
        }
        return ScheduleChange(
            changedAt: at, previousTimeZone: fields[1] == "-" ? nil : String(fields[1]), previousCron: String(fields[2]),
            new: new)
    }

    /// The node's data.
    var description: String {
        changes.map { change in
            "\(change.changedAt) \(change.previousTimeZone ?? "-") \(change.previousCron)"
                + (change.new.map { " -> \($0.timeZone ?? "-") \($0.cron)" } ?? "")
        }.joined(separator: "\n")
    }

    /// This change and the earlier ones, newest first, without their `earlier`.
    var changes: [ScheduleChange] {
        [ScheduleChange(changedAt: changedAt, previousTimeZone: previousTimeZone, previousCron: previousCron, new: new)]
            + earlier
    }

    /// This record's changes with those of `other` (another instance's record, or the one
    /// before): the newest ``kept``, newest first.
    func merged(with other: ScheduleChange?) -> ScheduleChange {
        var byTime: [Int64: ScheduleChange] = [:]
        for change in changes + (other?.changes ?? []) where byTime[change.changedAt] == nil { byTime[change.changedAt] = change }
        let all = byTime.values.sorted { $0.changedAt > $1.changedAt }.prefix(Self.kept)
        var latest = all[all.startIndex]
        latest.earlier = Array(all.dropFirst())
        return latest
    }

    /// The previous schedule as a calendar; nil when it does not parse on this host.
    var previousCalendar: JobCalendar? {
        JobCalendar(cron: previousCron, timeZone: previousTimeZone)
    }
}

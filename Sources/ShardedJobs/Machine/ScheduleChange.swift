/// The job's last schedule change (DESIGN 12.5; ours, `/{job}/schedule`): a boundary of the new
/// cron (or time zone) that lies before the change is never owed, while fires of the old
/// schedule before the change still are.
///
/// Written `{changedAt} {old time zone} {old cron}` (the zone `-` when the old configuration
/// named none: the host's) by the instances that see the configuration change; `changedAt` is
/// the configuration node's modification time (ZooKeeper's clock), the same for every instance.
struct ScheduleChange: Sendable, Hashable, CustomStringConvertible {
    /// When the new schedule took effect (epoch ms).
    let changedAt: Int64
    /// The previous schedule's time zone; nil for the host's.
    let previousTimeZone: String?
    /// The previous schedule's cron expression.
    let previousCron: String

    init(changedAt: Int64, previousTimeZone: String?, previousCron: String) {
        self.changedAt = changedAt
        self.previousTimeZone = previousTimeZone
        self.previousCron = previousCron
    }

    /// Parses a node's data; nil when it is not a schedule record.
    init?(_ text: String) {
        let fields = text.split(separator: " ", maxSplits: 2)
        guard fields.count == 3, let at = Int64(fields[0]) else { return nil }
        changedAt = at
        previousTimeZone = fields[1] == "-" ? nil : String(fields[1])
        previousCron = String(fields[2])
    }

    /// The node's data.
    var description: String { "\(changedAt) \(previousTimeZone ?? "-") \(previousCron)" }

    /// The previous schedule as a calendar; nil when it does not parse on this host.
    var previousCalendar: JobCalendar? {
        JobCalendar(cron: previousCron, timeZone: previousTimeZone)
    }
}

/// The job's last schedule change (DESIGN 12.5; ours, `/{job}/schedule`): a boundary of the new
/// cron (or time zone) that lies before the change is never owed, while fires of the old
/// schedule before the change still are.
///
/// Written `{changedAt} {old time zone} {old cron} -> {new time zone} {new cron}` (a zone `-`
/// when the configuration named none: the host's; a cron followed by ` active=FROM..UNTIL` when
/// the job had an active window, ``ActiveWindow``) by the operations API in the configuration
/// write's own multi-op, with `changedAt` written ``transactionTime`` (the node's modification
/// time, which is the configuration's), and by the instances that see a change nobody recorded
/// (an edit with zkCli), with the configuration node's modification time: ZooKeeper's clock,
/// the same for every instance. Earlier changes follow on lines of their own, newest first (at most
/// ``kept`` in all), so that a catch-up across several quick changes knows the schedule of each
/// stretch. The new schedule tells an instance that missed a change (it was away) what was in
/// effect until the next one; lines without it (earlier versions) read with it unknown.
package struct ScheduleChange: Sendable, Hashable, CustomStringConvertible {
    /// How many changes the record keeps.
    static let kept = 8
    /// A newest `changedAt` written this way stands for the node's modification time.
    package static let transactionTime = ItemGap.transactionTime

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

    package static func == (lhs: ScheduleChange, rhs: ScheduleChange) -> Bool {
        lhs.description == rhs.description
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    /// Parses a node's data; nil when it is not a schedule record. A newest `changedAt` written
    /// ``transactionTime`` reads as `modifiedAt` (the node's mtime); without one it fails.
    init?(_ text: String, modifiedAt: Int64? = nil) {
        let lines = text.split(separator: "\n")
        guard let first = lines.first, let latest = Self.change(first, modifiedAt: modifiedAt) else { return nil }
        self = latest
        earlier = lines.dropFirst().compactMap { Self.change($0) }
    }

    private static func change(_ line: Substring, modifiedAt: Int64? = nil) -> ScheduleChange? {
        let sides = line.split(separator: " -> ", maxSplits: 1, omittingEmptySubsequences: false)
        let fields = sides[0].split(separator: " ", maxSplits: 2)
        let stamped = fields.first == Substring(transactionTime) ? modifiedAt : nil
        guard fields.count == 3, let at = stamped ?? Int64(fields[0]) else { return nil }
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
    package var description: String {
        changes.map { Self.line(at: String($0.changedAt), from: ($0.previousTimeZone, $0.previousCron), to: $0.new) }
            .joined(separator: "\n")
    }

    /// The record of a change from `previous` to `new` at the transaction that writes it (the
    /// operations API's configuration write), on top of the changes recorded before it (the
    /// node's data and modification time, as read).
    package static func record(
        from previous: JobConfiguration, to new: JobConfiguration, before recorded: (text: String, modifiedAt: Int64)?
    ) -> String {
        let earlier = recorded.flatMap { ScheduleChange($0.text, modifiedAt: $0.modifiedAt) }?.changes.prefix(kept - 1) ?? []
        let latest = line(
            at: transactionTime, from: (previous.schedule.timeZoneIdentifier, previous.scheduleText),
            to: (new.schedule.timeZoneIdentifier, new.scheduleText))
        return ([latest] + earlier.map { $0.description }).joined(separator: "\n")
    }

    private static func line(at time: String, from previous: (timeZone: String?, cron: String), to new: (timeZone: String?, cron: String)?)
        -> String
    {
        "\(time) \(previous.timeZone ?? "-") \(previous.cron)" + (new.map { " -> \($0.timeZone ?? "-") \($0.cron)" } ?? "")
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

import ShardedJobsCron
import Foundation

/// A job's fire instants: its cron expression in its time zone, or its fixed rate, inside its
/// active window, answering the questions the runtime asks about past fires (DESIGN section 6
/// points 5 and 6b, 12.7).
struct JobCalendar: Sendable {
    /// What spaces the fires.
    enum Rule: Sendable {
        /// A cron expression in a zone.
        case cron(CronExpression, CronTimeZone)
        /// Every whole multiple of this many milliseconds since the epoch.
        case rate(Int64)
    }

    let rule: Rule
    /// The job's active window, if it has one: no fire lies outside it.
    var window: ActiveWindow?
    /// The job's start jitter, if it has one: a fire starts that much after its instant.
    var jitter: StartJitter?

    /// The calendar of a configuration: its schedule, in this host's zone when it names none,
    /// with its start jitter.
    init(_ configuration: JobConfiguration) {
        let schedule = configuration.schedule
        if let expression = schedule.expression {
            self.rule = .cron(expression, schedule.timeZone ?? .current)
        } else {
            self.rule = .rate(schedule.fixedRateMillis ?? 1000)
        }
        self.jitter = StartJitter(jobName: configuration.jobName, limit: configuration.sharded.startJitter)
        self.window = configuration.sharded.activeWindow
    }

    /// The calendar of a schedule record's text (``JobConfiguration/scheduleText``): a cron
    /// expression or `every RATE`, followed by its active window (`active=FROM..UNTIL`) when it
    /// had one, in a time zone (nil: this host's); nil when either does not parse (a schedule
    /// change recorded by another host).
    init?(cron text: String, timeZone: String?) {
        var cron = Substring(text)
        if let marker = text.range(of: " " + ActiveWindow.key) {
            guard let window = ActiveWindow(text[text.index(after: marker.lowerBound)...]) else { return nil }
            self.window = window
            cron = text[..<marker.lowerBound]
        }
        if cron.hasPrefix(Self.ratePrefix) {
            guard let rate = (try? JobSchedule(fixedRate: String(cron.dropFirst(Self.ratePrefix.count))))?.fixedRateMillis else {
                return nil
            }
            self.rule = .rate(rate)
            return
        }
        guard let expression = try? CronExpression(String(cron)),
            let zone = try? CronTimeZone(timeZone ?? TimeZone.current.identifier)
        else { return nil }
        self.rule = .cron(expression, zone)
    }

    /// How a schedule record writes a fixed rate: `every 3s`.
    static let ratePrefix = "every "

    /// The first fire strictly after `millis` (inside the active window).
    func next(after millis: Int64) -> Int64? {
        var after = millis
        if let from = window?.from, after < from - 1 { after = from - 1 }
        guard let fire = Self.next(after: after, rule) else { return nil }
        if let until = window?.until, fire >= until { return nil }
        return fire
    }

    /// The rule's first fire strictly after `millis`.
    private static func next(after millis: Int64, _ rule: Rule) -> Int64? {
        switch rule {
        case .cron(let expression, let zone):
            return expression.nextFireTime(afterEpochMilliseconds: millis, in: zone)
        case .rate(let rate):
            // The next multiple of the rate: floor division, so that it holds before the epoch too.
            let (quotient, remainder) = millis.quotientAndRemainder(dividingBy: rate)
            let floor = remainder < 0 ? quotient - 1 : quotient
            let (fire, overflow) = (floor + 1).multipliedReportingOverflow(by: rate)
            return overflow ? nil : fire
        }
    }

    /// When fire `fire` starts: its instant plus its jitter offset.
    func start(of fire: Int64) -> Int64 {
        guard let jitter else { return fire }
        return fire + jitter.offset(of: fire, next: next(after: fire))
    }

    /// The first fire that starts after `now` (a fire already due but not yet started
    /// included: its jittered start lies ahead).
    func nextStarting(after now: Int64) -> Int64? {
        var candidate = next(after: now - (jitter?.limitMillis ?? 0))
        while let fire = candidate, start(of: fire) <= now { candidate = next(after: fire) }
        return candidate
    }

    /// Whether a scheduled fire lies strictly between `last` and `fire`: a run for `fire` then
    /// also stands for missed fires.
    func hasFire(between last: Int64, and fire: Int64) -> Bool {
        guard let following = next(after: last) else { return false }
        return following < fire
    }

    /// The latest fire after `last` and at or before `now`, or nil when none came due.
    ///
    /// Searches backwards from `now` in growing windows (a minute, an hour, a day, a month, a
    /// year, …) and then forwards inside the first window that holds a fire, so a job idle for
    /// a year with a per-second cron costs a few dozen steps, not millions.
    func latestDue(after last: Int64, notAfter now: Int64) -> Int64? {
        guard let first = next(after: last), first <= now else { return nil }
        var window: Int64 = 60_000
        var start = max(last, now - window)
        while start > last, (next(after: start).map { $0 > now } ?? true) {
            window = window.multipliedReportingOverflow(by: 12).overflow ? .max : window * 12
            start = window >= now - last ? last : now - window
        }
        var latest = first
        var cursor = next(after: start)
        while let fire = cursor, fire <= now {
            latest = max(latest, fire)
            cursor = next(after: fire)
        }
        return latest
    }
}

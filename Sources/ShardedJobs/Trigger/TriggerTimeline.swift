import Logging
import Synchronization

/// One process-wide timeline of next fire times for every job: no thread or timer per job.
///
/// The timeline sleeps until the earliest next fire, hands each due fire to its job's handler
/// (which only enqueues it), computes that job's next fire with the cron engine in the job's
/// time zone, and sleeps again. Scheduling or removing a job wakes it to recompute. When the
/// process falls behind (it was frozen), the fires that came due meanwhile are coalesced into
/// one, the latest, with the count of the others.
final class TriggerTimeline: Sendable {
    typealias Handler = @Sendable (FireEvent) -> Void

    private struct Entry {
        var calendar: JobCalendar
        var next: Int64?
        let handler: Handler
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let alarm = Alarm()
    private let clock: any SchedulerClock
    private let logger: Logger

    init(clock: any SchedulerClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    /// Schedules (or reschedules) a job's fires strictly after `after` (epoch ms).
    func schedule(_ key: String, calendar: JobCalendar, after: Int64, handler: @escaping Handler) {
        let next = calendar.next(after: after)
        entries.withLock { $0[key] = Entry(calendar: calendar, next: next, handler: handler) }
        alarm.ring()
    }

    /// Stops a job's fires.
    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
        alarm.ring()
    }

    /// The next scheduled fire of a job (epoch ms), if any.
    func nextFire(of key: String) -> Int64? {
        entries.withLock { $0[key]?.next }
    }

    /// Runs the timeline until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            let now = clock.nowMillis()
            var due: [(String, Handler, FireEvent)] = []
            let earliest: Int64? = entries.withLock { entries in
                var earliest: Int64?
                for (key, var entry) in entries {
                    guard var next = entry.next else { continue }
                    if next <= now {
                        var coalesced = 0
                        var latest = next
                        while let following = entry.calendar.next(after: next), following <= now {
                            coalesced += 1
                            latest = following
                            next = following
                        }
                        due.append((key, entry.handler, FireEvent(scheduled: latest, coalesced: coalesced, dispatched: now)))
                        entry.next = entry.calendar.next(after: latest)
                        entries[key] = entry
                    }
                    if let upcoming = entry.next { earliest = min(earliest ?? upcoming, upcoming) }
                }
                return earliest
            }
            // Handed over in key order, so that one seed of the simulator gives one order.
            for (_, handler, event) in due.sorted(by: { $0.0 < $1.0 }) { handler(event) }
            await alarm.wait(untilMillis: earliest ?? now + 3_600_000, clock: clock)
        }
    }
}

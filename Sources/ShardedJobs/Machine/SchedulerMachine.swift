/// The process-wide part of the job core as a pure state machine (DESIGN 12.2): the session
/// every job shares, the trigger timeline of every job, and the bounds on running items.
///
/// Like `JobMachine`, every input is a `SchedulerEvent` handed to `handle(_:now:)` with the
/// wall-clock time, and it returns `SchedulerAction`s that `SchedulerDriver` performs: no I/O,
/// no clock, no task. The write batcher of issue 21 (claims and clears of all jobs due at one
/// instant combined into one multi-op) is to be added here, between the jobs' `claim`/`clear`
/// actions and the client.
struct SchedulerMachine: Sendable {
    /// A job on the timeline.
    struct TimelineEntry: Sendable {
        var calendar: JobCalendar
        /// The next fire (epoch ms); nil when the cron has no further fire.
        var next: Int64? {
            didSet { start = next.map(calendar.start(of:)) }
        }
        /// When the next fire starts: its instant plus its start jitter.
        private(set) var start: Int64?

        init(calendar: JobCalendar, next: Int64?) {
            self.calendar = calendar
            self.next = next
            start = next.map(calendar.start(of:))
        }
    }

    /// The session as the jobs see it.
    enum SessionPhase: Sendable, Hashable {
        case none
        case connected(sessionID: Int64)
        case suspended(sessionID: Int64)
    }

    /// Jobs on the timeline, by key.
    var timeline: [String: TimelineEntry] = [:]
    /// The instant the driver sleeps until (the earliest next fire).
    var wake: Int64?
    var session = SessionPhase.none
    /// Jobs that receive session changes, by key.
    var jobs: Set<String> = []
    var permits: ItemPermits

    /// A machine whose items may run `capacity` at once in the whole process.
    init(capacity: Int) {
        permits = ItemPermits(capacity: capacity)
    }

    /// Handles one event at wall-clock time `now` (epoch ms) and returns what to do.
    mutating func handle(_ event: SchedulerEvent, now: Int64) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        switch event {
        case .schedule(let key, let calendar):
            timeline[key] = TimelineEntry(calendar: calendar, next: calendar.nextStarting(after: now))
        case .unschedule(let key):
            timeline.removeValue(forKey: key)
        case .wake:
            deliverDueFires(now: now, &actions)
        case .jobStarted(let key):
            jobs.insert(key)
            switch session {
            case .none: break
            case .connected(let id): actions.append(.forward(.sessionConnected(sessionID: id), to: key))
            case .suspended(let id):
                actions.append(.forward(.sessionConnected(sessionID: id), to: key))
                actions.append(.forward(.sessionSuspended, to: key))
            }
        case .jobEnded(let key):
            jobs.remove(key)
        case .session(let change):
            sessionChanged(change, &actions)
        case .acquire(let request, let group, let limit):
            actions += permits.acquire(request, group: group, limit: limit).map { .grant(request: $0) }
        case .release(let request):
            actions += permits.release(request).map { .grant(request: $0) }
        }
        rescheduleWake(&actions)
        return actions
    }

    /// Hands every fire whose (jittered) start is due to its job; fires that came due while the
    /// process could not fire them (it was frozen) are coalesced into the latest, with the count
    /// of the others.
    private mutating func deliverDueFires(now: Int64, _ actions: inout [SchedulerAction]) {
        for key in timeline.keys.sorted() {
            guard var entry = timeline[key], var next = entry.next, let start = entry.start, start <= now else { continue }
            var coalesced = 0
            while let following = entry.calendar.next(after: next), entry.calendar.start(of: following) <= now {
                coalesced += 1
                next = following
            }
            actions.append(.fire(FireEvent(scheduled: next, coalesced: coalesced, dispatched: now), to: key))
            entry.next = entry.calendar.next(after: next)
            timeline[key] = entry
        }
    }

    /// Asks the driver to sleep until the earliest next start when that changed.
    private mutating func rescheduleWake(_ actions: inout [SchedulerAction]) {
        let earliest = timeline.values.compactMap(\.start).min()
        guard earliest != wake else { return }
        wake = earliest
        if let earliest { actions.append(.sleep(until: earliest)) }
    }

    /// A change of the shared session goes to every job, in key order.
    private mutating func sessionChanged(_ change: JobEvent, _ actions: inout [SchedulerAction]) {
        switch change {
        case .sessionConnected(let id): session = .connected(sessionID: id)
        case .sessionSuspended:
            if case .connected(let id) = session { session = .suspended(sessionID: id) }
        case .sessionReconnected:
            if case .suspended(let id) = session { session = .connected(sessionID: id) }
        case .sessionLost: session = .none
        default: return
        }
        for key in jobs.sorted() { actions.append(.forward(change, to: key)) }
    }
}

/// Everything the scheduler-level machine reacts to.
enum SchedulerEvent: Sendable {
    /// Puts a job on the timeline (again after a change), its next fire after now.
    case schedule(key: String, JobCalendar)
    /// Takes a job off the timeline.
    case unschedule(key: String)
    /// The driver's sleep ended: deliver what is due.
    case wake
    /// A job's driver started: it receives the session's present state, then every change.
    case jobStarted(key: String)
    /// A job's driver ended.
    case jobEnded(key: String)
    /// The client's session changed (one of `JobEvent`'s session cases).
    case session(JobEvent)
    /// An item asks for a permit to run, in a group (a run) of at most `limit` at once.
    case acquire(request: Int, group: String, limit: Int)
    /// An item ended, or its wait was cancelled: its permit (or its place in the queue) goes.
    case release(request: Int)
}

/// What the scheduler-level machine asks its driver to do.
enum SchedulerAction: Sendable {
    /// Hands a fire to a job.
    case fire(FireEvent, to: String)
    /// Sleeps until the instant (epoch ms), then `.wake`.
    case sleep(until: Int64)
    /// Hands a session change to a job.
    case forward(JobEvent, to: String)
    /// An item may run.
    case grant(request: Int)
}

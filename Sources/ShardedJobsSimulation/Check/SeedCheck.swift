import ExecutionChecker
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// The checker's input for one seed (DESIGN 10 and 12.3), built from what the twin recorded:
/// per job its fire list across cron changes, its item count, the fires its items do not owe
/// (before an item existed, after it was removed, while it, its server or the job was
/// disabled, or completed by an operator's kill without a run), the fires nothing may run
/// (DESIGN 12.5: scheduled while disabled, or a boundary of a new cron before the change), and
/// the kills and cuts exactly as the twin's journal has them (a stop of every server is a cut
/// of every worker; an operator's deletion of an instance node is a kill of its worker), each
/// cut with the end of the session it cost, and every value the items' `last` were given.
enum SeedCheck {
    /// How long after an enable or a schedule change, besides a period, an instance may take
    /// to see it: the longest lag a follower is given (1.5 s), a slowed link's round trip (up to
    /// 0.9 s in an `expiry-race` congestion) and a read (seed 419931: 2.2 s).
    static let noticeMillis: Int64 = 3_000
    /// How long after a disable an instance may still start a fire it did not see yet.
    static let forbidAfterMillis: Int64 = 3_000

    static func configuration(
        plan: SeedPlan, endMillis: Int64, history: [NodeHistory.Change], journal: [TwinJournalEntry], workers: [String],
        operatorShutdowns: [(job: String, instance: String, tag: String, at: Int64)], operatorSessions: Set<Int64>,
        linkDelays: [String: [(at: Int64, millis: Int64)]]
    ) -> CheckConfiguration {
        let epoch = SeedPlan.epochMillis
        let end = epoch + endMillis
        let jobs = plan.jobs.map { job -> JobSpec in
            var spec = spec(JobFacts(job: job, changes: history), start: epoch, end: end + 20_000)
            // A catch-up window drops what an outage owes past it, each drop a `SKIP … window`;
            // `overlapPolicy: skip` drops a fire of an item that still runs, `SKIP … skip`.
            if job.catchUpWindowMillis != nil { spec.allowedSkipReasons.insert(.window) }
            if job.overlapPolicy == .skip { spec.allowedSkipReasons.insert(.skip) }
            // A paused job's fires are each a `SKIP … paused` (the pause is the job's disable).
            if job.pauseAfter != nil { spec.allowedSkipReasons.insert(.paused) }
            // The cron's fires outside an active window are each a `SKIP … inactive`.
            if job.activeFromMillis != nil || job.activeUntilMillis != nil { spec.allowedSkipReasons.insert(.inactive) }
            // An operator's kill that found the owner unreachable completed the item itself:
            // `last` moved over the fires its execution stood for, with no line (DESIGN 12.6).
            for change in history where change.job == job.name && operatorSessions.contains(change.session) {
                guard let item = NodeHistory.item(of: change.node), let before = change.before.flatMap({ Int64($0) }),
                    let after = change.after.flatMap({ Int64($0) }), after > before
                else { continue }
                spec.disabled.append(.init(item: item, fires: (before + 1)...after))
            }
            // Every value an item's `last` was given: a re-run after its fire was recorded is
            // never excused.
            spec.recorded = history.compactMap { change in
                guard change.job == job.name, let item = NodeHistory.item(of: change.node),
                    let last = change.after.flatMap({ Int64($0) })
                else { return nil }
                return RecordedLast(item: item, time: change.time, last: last)
            }
            return spec
        }
        var kills: [CheckConfiguration.Kill] = []
        var cuts: [CheckConfiguration.Cut] = []
        // Per worker, when it was cut off or frozen (whether or not that cost its session).
        var cutStarts: [String: [Int64]] = [:]
        for (index, entry) in journal.enumerated() {
            let time = epoch + entry.at / 1_000_000
            // Every server stopping cuts every worker off at once (DESIGN 12.4: a commit whose
            // check passed within 0.5 s after it cannot be recorded before the sessions expire).
            if entry.kind == .serversDown {
                cuts += workers.compactMap { cut(of: $0, at: index, journal, linkDelays) }
                for worker in workers { cutStarts[worker, default: []].append(time) }
            }
            guard let client = entry.client else { continue }
            switch entry.kind {
            case .clientCrashed:
                // A follower's lag widens the commit window too: a session's requests queue
                // behind its reads there, so a completion sent after the commit may still wait
                // at the crash (seed 899865). The journal does not say which member a worker is
                // on: the largest lag counts, as half a round trip's delay.
                let lag = (memberLag(at: index, journal) + 1) / 2
                kills.append(.init(tag: client, time: time, linkDelayMs: linkDelay(of: client, at: time, linkDelays) + lag))
            case .clientFrozen, .clientCut, .clientOnCutMember:
                if let cut = cut(of: client, at: index, journal, linkDelays) { cuts.append(cut) }
                cutStarts[client, default: []].append(time)
            default: break
            }
        }
        // An operator's shutdown is a kill at the deletion of the instance node (guarantees.md:
        // the others fail its items over at once, the same window as a crash).
        for shutdown in operatorShutdowns {
            let deleted = history.first { change in
                change.job == shutdown.job && change.node == "instances/" + shutdown.instance && change.after == nil
                    && change.time >= epoch + shutdown.at
            }
            guard let deleted else { continue }
            let delay = linkDelay(of: shutdown.tag, at: deleted.time, linkDelays)
            kills.append(.init(tag: shutdown.tag, time: deleted.time, linkDelayMs: delay))
            // Its session lives on, so it commits until it learns of the deletion: the watch's
            // event one link delay later, then a read's round trip (seed 610348: a commit 523 ms
            // after the deletion on a link slowed by 229 ms). That moment is a kill too.
            if delay > 0 {
                kills.append(.init(tag: shutdown.tag, time: deleted.time + 3 * delay, linkDelayMs: delay))
            }
            // The others fail the job's marks of the worker over from the deletion on, its
            // session alive or not: for that job, a cut up to 30 s before ends its session there.
            for start in cutStarts[shutdown.tag] ?? [] where start <= deleted.time && deleted.time <= start + 30_000 {
                cuts.append(
                    .init(tag: shutdown.tag, time: start, sessionEnd: deleted.time, linkDelayMs: linkDelay(of: shutdown.tag, at: start, linkDelays),
                          job: shutdown.job))
            }
        }
        return CheckConfiguration(
            jobs: jobs, windowStart: epoch + plan.windowStartMillis, windowEnd: end,
            workMs: plan.jobs.map(\.longestItemFireMillis).max() ?? 0, kills: kills, cuts: cuts)
    }

    /// The cut of a worker at a journal entry, if it cost the worker its session: the server
    /// expired a session of it, the worker closed one, or the process died, at most 30 s later
    /// (a later fault may have finished what the cut began). Only then may its last commits go
    /// unrecorded; after a cut its session survived it writes them itself, so a re-run is a
    /// duplicate. A re-run must also start after the session ended (`sessionEnd`): a worker on
    /// a new session writes what its old one held before it registers (DESIGN 12.4). A worker
    /// whose link was slow then took that much longer to record its completions (`linkDelayMs`).
    private static func cut(
        of client: String, at index: Int, _ journal: [TwinJournalEntry], _ linkDelays: [String: [(at: Int64, millis: Int64)]]
    ) -> CheckConfiguration.Cut? {
        let start = journal[index].at
        let time = SeedPlan.epochMillis + start / 1_000_000
        let delay = linkDelay(of: client, at: time, linkDelays)
        for entry in journal[(index + 1)...] where entry.client == client {
            if entry.at > start + 30_000_000_000 { return nil }
            switch entry.kind {
            case .clientCrashed: return .init(tag: client, time: time, linkDelayMs: delay)
            case .sessionExpired, .sessionClosed:
                // Closed: the worker gave its session up itself once it could no longer prove
                // contact; its marks are orphaned from then on as after an expiry (seed 3100142).
                return .init(tag: client, time: time, sessionEnd: SeedPlan.epochMillis + entry.at / 1_000_000, linkDelayMs: delay)
            default: continue
            }
        }
        return nil
    }

    /// The largest lag of a follower (ms) when the journal entry at `index` happened.
    private static func memberLag(at index: Int, _ journal: [TwinJournalEntry]) -> Int64 {
        var lags: [String: Int64] = [:]
        for entry in journal[...index] where entry.kind == .lagChanged {
            // `member N S seconds`
            let fields = entry.detail.split(separator: " ")
            guard fields.count >= 3, let seconds = Double(fields[2]) else { continue }
            lags[String(fields[1])] = Int64((seconds * 1000).rounded())
        }
        return lags.values.max() ?? 0
    }

    /// A worker's link delay each way at a time (ms; 0 when its link was not slowed): its
    /// completion records took twice as long to arrive then.
    private static func linkDelay(of client: String, at time: Int64, _ linkDelays: [String: [(at: Int64, millis: Int64)]]) -> Int64 {
        linkDelays[client]?.last { $0.at <= time }?.millis ?? 0
    }

    private static func spec(_ facts: JobFacts, start: Int64, end: Int64) -> JobSpec {
        var disabled: [JobSpec.DisabledItem] = []
        var forbidden: [JobSpec.ForbiddenFires] = []
        let far = end + 1_000_000
        for item in 0..<facts.maxItems {
            // Owed only while its node exists: after the `last` it was created with, up to the
            // `last` it had when it was removed.
            let lives = facts.lives[item] ?? []
            var owedFrom = start - 1_000_000
            for life in lives {
                if owedFrom <= life.createdLast { disabled.append(.init(item: item, fires: owedFrom...life.createdLast)) }
                owedFrom = (life.deletedLast ?? far) + 1
            }
            if owedFrom <= far { disabled.append(.init(item: item, fires: owedFrom...far)) }
            for period in facts.itemDisabled[item] ?? [] {
                disabled.append(.init(item: item, fires: excused(period, facts)))
                if let range = forbid(period, facts) { forbidden.append(.init(item: item, fires: range)) }
            }
            for period in serverDisabledPeriods(of: item, facts) {
                disabled.append(.init(item: item, fires: excused(period, facts)))
            }
            for period in facts.jobDisabled {
                disabled.append(.init(item: item, fires: excused(period, facts)))
                if let range = forbid(period, facts) { forbidden.append(.init(item: item, fires: range)) }
            }
        }
        // No fire of the schedule outside the active window runs (a manual trigger's run, and a
        // failover of it, may: its fire is its trigger's instant, off the schedule; seed 782078).
        if let window = facts.window {
            for fire in facts.fires(from: start, to: end, insideWindow: false) where !window.contains(fire) {
                for item in 0..<facts.maxItems { forbidden.append(.init(item: item, fires: fire...fire)) }
            }
        }
        // A boundary of a new cron that lies before its change is never owed (DESIGN 12.5).
        for segment in facts.segments.dropFirst() {
            // The last fire before the change under the schedules in effect until then (an
            // earlier change may have come shortly before).
            let lastOld = facts.fires(from: start, to: segment.from - 1).last ?? start
            guard lastOld + 1 <= segment.from - 1, !triggered(facts, near: (lastOld + 1)...(segment.from - 1)) else { continue }
            for item in 0..<facts.maxItems { forbidden.append(.init(item: item, fires: (lastOld + 1)...(segment.from - 1))) }
        }
        // An instance that has not seen a change yet fires by the old schedule for up to the
        // notice time after it: those boundaries are on the schedule (their runs count, a
        // `MISFIRE` among them covers what it stands for) but owed by nobody.
        var fires = Set(facts.fires(from: start, to: end))
        for (index, segment) in facts.segments.enumerated().dropFirst() {
            let old = facts.segments[index - 1].periodMillis
            var stale = (segment.from / old + 1) * old
            while stale <= segment.from + noticeMillis {
                if fires.insert(stale).inserted {
                    for item in 0..<facts.maxItems { disabled.append(.init(item: item, fires: stale...stale)) }
                }
                stale += old
            }
        }
        return JobSpec(
            name: facts.name, schedule: .explicit(fires.sorted()), itemCount: facts.maxItems,
            disabled: disabled, forbidden: forbidden)
    }

    /// The fires a disabled period excuses: a period before it (a fire may be cut short by the
    /// disable) to a period and the notice time after it.
    private static func excused(_ period: (from: Int64, to: Int64?), _ facts: JobFacts) -> ClosedRange<Int64> {
        let lower = period.from - facts.period(at: period.from)
        guard let to = period.to else { return lower...(lower + 100_000_000) }
        return lower...(to + facts.period(at: to) + noticeMillis)
    }

    /// The fires nobody may run in a disabled period (those an instance could not have
    /// started before it saw the disable), unless a manual trigger came near it (its run, and
    /// a failover of its run, carry the trigger's time).
    private static func forbid(_ period: (from: Int64, to: Int64?), _ facts: JobFacts) -> ClosedRange<Int64>? {
        guard let to = period.to, period.from + forbidAfterMillis <= to - 1 else { return nil }
        let range = (period.from + forbidAfterMillis)...(to - 1)
        return triggered(facts, near: range) ? nil : range
    }

    private static func triggered(_ facts: JobFacts, near range: ClosedRange<Int64>) -> Bool {
        facts.triggers.contains { $0 >= range.lowerBound - 60_000 && $0 <= range.upperBound + 1_000 }
    }

    /// The periods in which an item's owner sat on a disabled server.
    private static func serverDisabledPeriods(of item: Int, _ facts: JobFacts) -> [(from: Int64, to: Int64?)] {
        var periods: [(from: Int64, to: Int64?)] = []
        for (ip, disabled) in facts.serverDisabled.sorted(by: { $0.key < $1.key }) {
            for period in disabled {
                let owners = facts.owners[item] ?? []
                var ownedFrom: Int64?
                if Self.ip(of: owners.last(where: { $0.at <= period.from })?.instance) == ip { ownedFrom = period.from }
                for change in owners where change.at > period.from && change.at < (period.to ?? .max) {
                    let now = Self.ip(of: change.instance) == ip
                    if now, ownedFrom == nil { ownedFrom = change.at }
                    if !now, let from = ownedFrom {
                        periods.append((from, change.at))
                        ownedFrom = nil
                    }
                }
                if let from = ownedFrom { periods.append((from, period.to)) }
            }
        }
        return periods
    }

    private static func ip(of instance: String?) -> String? {
        guard let instance, let range = instance.range(of: "@-@") else { return nil }
        return String(instance[..<range.lowerBound])
    }
}

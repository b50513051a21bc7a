/// When a job fires: a fixed period with a phase, an explicit list of fire times, or after its
/// upstream jobs.
///
/// A period suits the `0/N * * * * ?` crons of the tests and benchmarks (every N seconds is
/// every `N × 1000` ms at phase 0, because the epoch and every minute start on a whole second
/// and 60 is a multiple of N) and fixed-rate jobs (phase 0). Any other cron is expanded by the
/// caller into ``explicit(_:)``; so is a schedule change (the old cron's fires before the change,
/// the new one's after it).
///
/// The schedule answers two questions: whether a time is a scheduled fire (an `EXEC` whose
/// scheduled time is not on the schedule is a trigger run or off-schedule, see
/// ``ExecutionChecker``), and which fires fall inside a checked window. A dependent job's fires
/// are computed from its upstreams' lines (``dependent(on:onUpstreamFailure:)``).
public enum FireSchedule: Sendable, Hashable {
    /// What a dependent job owes for a set of upstream fires of which one failed (an item's
    /// completion standing for it is a `FAIL`): `onUpstreamFailure` of DESIGN 12.7.
    public enum UpstreamFailure: String, Sendable, Hashable, CaseIterable {
        /// No run is owed for the set (the default).
        case skip
        /// The set is owed a run like any other.
        case run
    }

    /// Fires at every time `t` with `t ≡ phaseMs (mod periodMs)`.
    ///
    /// `periodMs` must be positive; a schedule with a period of zero or less has no fires
    /// (``CheckConfiguration/problems`` reports it).
    case periodic(periodMs: Int64, phaseMs: Int64 = 0)
    /// Fires at exactly these times (epoch milliseconds, any order, duplicates ignored).
    ///
    /// Give at least one fire before the checked window and one after it, so that the edge
    /// rule (one period after the start, one work time plus one period before the end) knows
    /// the gaps at the window's edges.
    case explicit([Int64])
    /// A dependent job (DESIGN 12.7): its fires are owed by its upstream jobs' completed fires,
    /// computed from their lines (see ``ExecutionChecker``); its runs are its `DEPENDENT`
    /// executions. Every upstream must be a checked job.
    case dependent(on: [String], onUpstreamFailure: UpstreamFailure = .skip)

    /// The upstream jobs of a dependent job; empty for the other schedules.
    public var upstreams: [String] {
        guard case .dependent(let upstreams, _) = self else { return [] }
        return upstreams
    }

    /// Resolves the schedule into the form the checker queries (a dependent job's fires are
    /// filled in by the checker).
    func resolved() -> ResolvedFireSchedule {
        ResolvedFireSchedule(self)
    }
}

/// A ``FireSchedule`` prepared for fast membership tests and window enumeration.
struct ResolvedFireSchedule: Sendable {
    private let period: Int64
    private let phase: Int64
    private let sortedFires: [Int64]
    private let fireSet: Set<Int64>
    private let isPeriodic: Bool

    init(_ schedule: FireSchedule) {
        switch schedule {
        case .periodic(let periodMs, let phaseMs) where periodMs > 0:
            isPeriodic = true
            period = periodMs
            phase = Self.floorMod(phaseMs, period)
            sortedFires = []
            fireSet = []
        case .periodic, .dependent:
            isPeriodic = false
            period = 0
            phase = 0
            sortedFires = []
            fireSet = []
        case .explicit(let fires):
            isPeriodic = false
            period = 0
            phase = 0
            fireSet = Set(fires)
            sortedFires = fireSet.sorted()
        }
    }

    /// True when `time` is a scheduled fire.
    func contains(_ time: Int64) -> Bool {
        isPeriodic ? Self.floorMod(time - phase, period) == 0 : fireSet.contains(time)
    }

    /// The first fire at or after `time`, or `nil` when there is none.
    func firstFire(atOrAfter time: Int64) -> Int64? {
        if isPeriodic {
            let (fire, overflow) = time.addingReportingOverflow(Self.floorMod(phase - time, period))
            return overflow ? nil : fire
        }
        var low = 0, high = sortedFires.count
        while low < high {
            let middle = (low + high) / 2
            if sortedFires[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low < sortedFires.count ? sortedFires[low] : nil
    }

    /// The fires checked for loss in a window, ascending.
    ///
    /// A fire `T` is checked when the fire before it is at or after `start` and the fire after
    /// it plus `workMs` is at or before `end`. For a period `P` that is exactly
    /// `start + P ≤ T ≤ end − workMs − P`; for a list, the "period" on each side is the gap to
    /// the neighbouring fire on that side (the gap on the other side when there is no
    /// neighbour, zero for a list of one fire).
    func checkedFires(start: Int64, end: Int64, workMs: Int64) -> [Int64] {
        if isPeriodic {
            let low = start + period
            let high = end - workMs - period
            guard low <= high else { return [] }
            var fire = low + Self.floorMod(phase - low, period)
            var fires: [Int64] = []
            fires.reserveCapacity(Int((high - fire) / period) + 1)
            while fire <= high {
                fires.append(fire)
                fire += period
            }
            return fires
        }
        var fires: [Int64] = []
        let count = sortedFires.count
        for index in 0..<count {
            let fire = sortedFires[index]
            let gapBefore = index > 0 ? fire - sortedFires[index - 1] : nil
            let gapAfter = index + 1 < count ? sortedFires[index + 1] - fire : nil
            let before = gapBefore ?? gapAfter ?? 0
            let after = gapAfter ?? gapBefore ?? 0
            if fire - before >= start, fire + after + workMs <= end {
                fires.append(fire)
            }
        }
        return fires
    }

    /// The remainder of `value / divisor` in `0..<divisor` for a positive divisor.
    static func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

/// The fires a dependent job owes, computed from its upstreams' lines (DESIGN 12.7).
///
/// **Completed fires of a job.** The job's scheduled runs (`EXEC` and `FAIL`, any source on its
/// schedule; a dependent job's `DEPENDENT` runs) are taken in order of end time; each moves its
/// item's `last` to the greatest fire it has completed. A run for fire T *completes* T when,
/// after it, T is newer than the job's last completed fire and every item below the item count
/// and enabled at T has `last ≥ T` — as in the protocol, where the instance whose clear
/// completes its item of T decides whether T is complete. So a `MISFIRE` completes the fires
/// it stands for, but only its own can form a set. T *failed* when, for some item, the first
/// completion at or after T (the one that stands for T) is a `FAIL`.
///
/// **Owed fires.** The upstreams' completions are merged in time order; a *set* forms when every
/// upstream has completed a fire newer than the last one consumed from it: its fire is the
/// latest of those fires, and they are consumed. Each set is one owed fire of the dependent
/// job, except a set with a failed upstream fire under ``FireSchedule/UpstreamFailure/skip``.
/// With one upstream, the owed fires are exactly the upstream's completed fires.
enum DependentFires {
    /// One fire found complete: when, which, and whether one of its items failed.
    struct Completion: Sendable, Equatable {
        var time: Int64
        var fire: Int64
        var failed: Bool
    }

    /// The completed fires of one job, in order of completion.
    ///
    /// - Parameters:
    ///   - job: The job.
    ///   - runs: Its scheduled runs per item.
    static func completions(of job: JobSpec, runs: [Int: [ScheduledRun]]) -> [Completion] {
        let items = (0..<max(0, job.itemCount)).filter { !job.isAlwaysDisabled($0) }
        let ranged = Set(job.disabled.filter { $0.fires != nil }.map(\.item))
        let plain = items.filter { !ranged.contains($0) }
        let partly = items.filter { ranged.contains($0) }
        var events: [(end: Int64, fire: Int64, item: Int, ok: Bool)] = []
        for item in items {
            for run in runs[item] ?? [] {
                events.append((run.end, run.fire, item, run.isCommit))
            }
        }
        events.sort { ($0.end, $0.fire, $0.item) < ($1.end, $1.fire, $1.item) }

        var last = [Int64](repeating: .min, count: max(0, job.itemCount))
        var outcomeFires = [[Int64]](repeating: [], count: max(0, job.itemCount))
        var outcomeOK = [[Bool]](repeating: [], count: max(0, job.itemCount))
        var latest = Int64.min
        var completions: [Completion] = []
        for event in events {
            last[event.item] = max(last[event.item], event.fire)
            let at = insertionPoint(of: event.fire, in: outcomeFires[event.item])
            if at == outcomeFires[event.item].count || outcomeFires[event.item][at] != event.fire {
                outcomeFires[event.item].insert(event.fire, at: at)
                outcomeOK[event.item].insert(event.ok, at: at)
            }
            let fire = event.fire
            guard fire > latest,
                  plain.allSatisfy({ last[$0] >= fire }),
                  partly.allSatisfy({ job.isDisabled($0, at: fire) || last[$0] >= fire })
            else { continue }
            latest = fire
            let failed = items.contains { item in
                guard !job.isDisabled(item, at: fire) else { return false }
                let standing = insertionPoint(of: fire, in: outcomeFires[item])
                return standing < outcomeOK[item].count && !outcomeOK[item][standing]
            }
            completions.append(Completion(time: event.end, fire: fire, failed: failed))
        }
        return completions
    }

    /// The fires a dependent job owes, ascending.
    ///
    /// - Parameters:
    ///   - upstreams: Each upstream's completed fires, in order of completion.
    ///   - onFailure: Whether a set with a failed upstream fire is owed.
    static func owed(upstreams: [[Completion]], onFailure: FireSchedule.UpstreamFailure) -> [Int64] {
        guard !upstreams.isEmpty else { return [] }
        var merged: [(completion: Completion, upstream: Int)] = []
        for (upstream, completions) in upstreams.enumerated() {
            merged += completions.map { ($0, upstream) }
        }
        merged.sort { ($0.completion.time, $0.upstream) < ($1.completion.time, $1.upstream) }
        var latest = [Completion?](repeating: nil, count: upstreams.count)
        var consumed = [Int64](repeating: .min, count: upstreams.count)
        var owed: [Int64] = []
        for (completion, upstream) in merged {
            latest[upstream] = completion
            let fresh = latest.indices.compactMap { index in
                latest[index].flatMap { $0.fire > consumed[index] ? $0 : nil }
            }
            guard fresh.count == upstreams.count else { continue }
            consumed = fresh.map(\.fire)
            if !fresh.contains(where: \.failed) || onFailure == .run, let fire = consumed.max() {
                owed.append(fire)
            }
        }
        return owed
    }

    /// The index of the first element at or above `value` in an ascending array.
    private static func insertionPoint(of value: Int64, in sorted: [Int64]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

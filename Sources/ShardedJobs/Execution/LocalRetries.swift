import Synchronization

/// The answers a `LocalRun` gives in place of the job machine to attempts offered for a retry
/// (`retry.maxAttempts`, DESIGN 12.6): after the attempt's backoff on the run's clock the next
/// attempt starts with a fencing token of its own — unless the item's next fire would have
/// come due by then, when the attempts end and the item completes as failed. Nothing is
/// written anywhere (no mark to rewrite).
final class LocalRetries: Sendable {
    private let calendar: JobCalendar
    private let clock: any SchedulerClock
    /// How much a retried item's token rises: the run's item count, so tokens stay unique.
    private let tokenStep: Int64
    /// Each item's current claim.
    private let claims: Mutex<[Int: ClaimedItem]>

    init(configuration: JobConfiguration, clock: any SchedulerClock, claims: [ClaimedItem]) {
        calendar = JobCalendar(configuration)
        self.clock = clock
        tokenStep = Int64(max(1, claims.count))
        self.claims = Mutex(Dictionary(uniqueKeysWithValues: claims.map { ($0.item, $0) }))
    }

    /// Answers a failed attempt of `item` offered for a retry after `delay` ms.
    /// - Returns: whether the attempts ended (the item completes as failed).
    func answer(_ item: Int, after delay: Int64, gate: AttemptGate) -> Bool {
        let startsAt = clock.nowMillis() + delay
        let next = claims.withLock { claims -> ClaimedItem? in
            guard var claim = claims[item] else { return nil }
            if let following = calendar.next(after: claim.fire), following <= startsAt { return nil }
            claim.attempt += 1
            claim.token = claim.token.map { FencingToken(value: $0.value + tokenStep, sessionID: $0.sessionID, epoch: $0.epoch) }
            claims[item] = claim
            return claim
        }
        guard let next else {
            gate.decide(.finish)
            return true
        }
        let clock = self.clock
        Task {
            do {
                try await clock.sleep(untilMillis: startsAt)
                gate.decide(.retry(next))
            } catch {
                gate.decide(.abandon)
            }
        }
        return false
    }
}

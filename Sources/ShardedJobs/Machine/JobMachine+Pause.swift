extension JobMachine {
    /// Pauses the job when a completion brought its item's run of failed fires to
    /// `pauseAfterConsecutiveFailures` (DESIGN 12.6): every server `DISABLED` and a note in
    /// `/{job}/pause`, written in one multi-op with the items' gap records, so no fire or
    /// catch-up starts on any instance until an operator enables the job. A run already at the
    /// limit (its pause was lost with a crash, or an operator enabled the job and the item
    /// failed again) pauses it at the next failure.
    mutating func pauseIfFailing(_ record: ClearRecord, failures: Int?, fire: Int64, now: Int64, _ actions: inout [JobAction]) {
        guard let limit = configuration.sharded.pauseAfterConsecutiveFailures, let failures, failures >= limit,
            case .add(let cause) = record.failures
        else { return }
        let note =
            "paused after \(failures) consecutive failed fires of item \(record.item): the last at \(InstantText.utc(millis: fire)) "
            + "failed with \(cause.split(whereSeparator: \.isNewline).joined(separator: " ")); "
            + "by \(instance) at \(InstantText.utc(millis: now)); `shardctl enable \(configuration.jobName)` resumes it"
        actions.append(.log(.warning, note))
        actions.append(.pause(note: note))
    }
}

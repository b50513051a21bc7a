/// The retry settings (DESIGN 12.6), typed properties over `sharded.retry.maxAttempts` and
/// `sharded.retry.backoff`.
extension ShardedSettings {
    /// The longest backoff between two attempts, whatever `retry.backoff` says: 1 minute.
    public static let retryBackoffCap = Duration.seconds(60)

    /// `sharded.retry.maxAttempts`: how many attempts an item-fire gets in all, the first
    /// included (1, the default, retries nothing). A failed attempt is tried again on the same
    /// instance, for the same fire, when it failed before its first successful commit check
    /// (`checkLease()` or `confirmLease()`; a script job on any failure exit), attempts remain,
    /// the item's next fire has not come due and no resharding is pending. Each attempt rewrites
    /// the item's `running` mark, so it has a fencing token of its own; the error handler is
    /// told once, after the last. A job can also hand its item back for a later attempt by
    /// throwing ``RetryLater``, which counts as an attempt. Needs `monitorExecution: true`.
    /// A value that does not parse reads as 1 here; ``JobConfiguration/validate()`` names it.
    public var retryMaxAttempts: Int {
        get { self["retry.maxAttempts"].flatMap(Self.positiveCount) ?? 1 }
        set { self["retry.maxAttempts"] = newValue > 1 ? String(newValue) : nil }
    }

    /// `sharded.retry.backoff`: the longest wait before the second attempt (1 s by default);
    /// each later wait may be twice as long, up to ``retryBackoffCap``, and the wait itself is
    /// drawn at random below that bound ("full jitter"), so items failing together do not
    /// retry together. A value that does not parse reads as the default here.
    public var retryBackoff: Duration {
        get { self["retry.backoff"].flatMap { try? DurationText.parse($0) }.flatMap { $0 > .zero ? $0 : nil } ?? .seconds(1) }
        set { self["retry.backoff"] = DurationText.format(newValue) }
    }
}

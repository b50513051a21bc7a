/// What happens when a regular fire of an item comes due while an execution of that item still
/// runs — its `running` mark exists anywhere in the cluster (`sharded.overlapPolicy`, DESIGN
/// 12.6). It is decided per item: the instance's other items take the fire. There is no
/// `allow`: one mark per item is what makes resharding and failover safe.
public enum OverlapPolicy: String, Sendable, Hashable, CaseIterable {
    /// One run right after the execution ends, standing for the fires missed meanwhile (the
    /// default with `misfire: true`).
    case bufferOne
    /// The fire is dropped for that item and reported (``SkippedFires/Reason/skip``); what
    /// `misfire: false` means.
    case skip
    /// An execution on this instance is stopped as for a timeout, with cause `overlap`, and the
    /// new fire runs once it has ended; a mark held elsewhere buffers as with ``bufferOne``.
    case cancelRunning
}

extension JobConfiguration {
    /// The overlap policy in effect: the one set, else what `misfire` means.
    package var overlapPolicy: OverlapPolicy {
        sharded.overlapPolicy ?? (misfire ? .bufferOne : .skip)
    }
}

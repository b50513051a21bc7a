/// One fire of a job, as the timeline delivers it.
struct FireEvent: Sendable, Hashable {
    /// The scheduled instant, epoch milliseconds.
    let scheduled: Int64
    /// Earlier scheduled fires that came due while the process could not fire them (it was
    /// frozen or overloaded), coalesced into this one.
    let coalesced: Int
    /// The instant the timeline handed the fire over, epoch milliseconds.
    let dispatched: Int64
}

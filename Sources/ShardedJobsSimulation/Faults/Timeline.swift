/// The seed's agenda of faults and heals: actions at virtual instants, taken in time order and,
/// at one instant, in the order they were scheduled.
final class Timeline {
    private struct Entry {
        let at: Int64
        let order: Int
        let action: () -> Void
    }

    private var entries: [Entry] = []
    private var nextOrder = 0

    /// Schedules `action` at `at` (ms after the seed's start).
    func schedule(at: Int64, _ action: @escaping () -> Void) {
        let entry = Entry(at: at, order: nextOrder, action: action)
        nextOrder += 1
        let index = entries.firstIndex { ($0.at, $0.order) > (entry.at, entry.order) } ?? entries.count
        entries.insert(entry, at: index)
    }

    /// The instant of the next action, or nil.
    var nextAt: Int64? { entries.first?.at }

    /// Removes and returns the next action if it is due at `now`.
    func popDue(_ now: Int64) -> (() -> Void)? {
        guard let first = entries.first, first.at <= now else { return nil }
        entries.removeFirst()
        return first.action
    }
}

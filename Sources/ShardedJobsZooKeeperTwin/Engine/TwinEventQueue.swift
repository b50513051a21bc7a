/// The twin's agenda: actions due at instants of the clock, taken earliest first and, at one
/// instant, in the order they were scheduled — so a run depends only on the clock and on the
/// order in which clients called the twin.
struct TwinEventQueue: Sendable {
    struct Entry: Sendable {
        let at: Int64
        let sequence: UInt64
        let action: TwinAction

        func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }

    /// The instant of the earliest action, or nil.
    var nextAt: Int64? { heap.first?.at }

    mutating func schedule(_ action: TwinAction, at: Int64) {
        heap.append(Entry(at: at, sequence: nextSequence, action: action))
        nextSequence &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest action if it is due at `now`.
    mutating func popDue(_ now: Int64) -> Entry? {
        guard let first = heap.first, first.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}

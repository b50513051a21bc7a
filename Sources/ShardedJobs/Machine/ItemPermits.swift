/// The bounds on running items (DESIGN section 11): at most `capacity` in the whole process,
/// and at most a group's own limit in each group (one run of one job). Waiters are served in
/// arrival order; one whose group is at its limit does not hold up the others.
struct ItemPermits: Sendable, Hashable {
    /// Items that may run at once in the whole process.
    let capacity: Int
    /// Running items, by request, with their group.
    private(set) var running: [Int: String] = [:]
    /// Items running per group.
    private(set) var perGroup: [String: Int] = [:]
    /// Waiting requests in arrival order: request, group, the group's limit.
    private(set) var waiting: [(request: Int, group: String, limit: Int)] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Asks for a permit; returns the requests granted now (this one, if it may run).
    mutating func acquire(_ request: Int, group: String, limit: Int) -> [Int] {
        waiting.append((request, group, max(1, limit)))
        return grant()
    }

    /// Gives back a permit, or withdraws a waiting request; returns the requests granted now.
    mutating func release(_ request: Int) -> [Int] {
        if let group = running.removeValue(forKey: request) {
            perGroup[group, default: 1] -= 1
            if perGroup[group] == 0 { perGroup.removeValue(forKey: group) }
        } else {
            waiting.removeAll { $0.request == request }
        }
        return grant()
    }

    private mutating func grant() -> [Int] {
        var granted: [Int] = []
        var index = 0
        while index < waiting.count, running.count < capacity {
            let candidate = waiting[index]
            guard perGroup[candidate.group, default: 0] < candidate.limit else {
                index += 1
                continue
            }
            waiting.remove(at: index)
            running[candidate.request] = candidate.group
            perGroup[candidate.group, default: 0] += 1
            granted.append(candidate.request)
        }
        return granted
    }

    static func == (lhs: ItemPermits, rhs: ItemPermits) -> Bool {
        lhs.capacity == rhs.capacity && lhs.running == rhs.running && lhs.perGroup == rhs.perGroup
            && lhs.waiting.map(\.request) == rhs.waiting.map(\.request)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(running)
        hasher.combine(waiting.map(\.request))
    }
}

import Synchronization

/// An in-memory data source for dataflow tests: a queue of numbers per item (or an endless
/// supply), fetched in batches and recorded when processed.
final class MemoryDataSource: Sendable {
    private struct State {
        var queues: [Int: [Int]] = [:]
        var processed: [Int: [Int]] = [:]
        var next = 0
    }

    private let state: Mutex<State>
    /// Whether fetches never run dry.
    let endless: Bool

    init(items: [Int: [Int]] = [:], endless: Bool = false) {
        state = Mutex(State(queues: items))
        self.endless = endless
    }

    /// Takes up to `limit` values queued for `item` (an endless source makes them up).
    func fetch(item: Int, limit: Int) -> [Int] {
        state.withLock { state in
            if endless {
                defer { state.next += limit }
                return Array(state.next..<(state.next + limit))
            }
            let queue = state.queues[item] ?? []
            let batch = Array(queue.prefix(limit))
            state.queues[item] = Array(queue.dropFirst(batch.count))
            return batch
        }
    }

    func markProcessed(item: Int, values: [Int]) {
        state.withLock { $0.processed[item, default: []] += values }
    }

    func processed(item: Int) -> [Int] { state.withLock { $0.processed[item] ?? [] } }
    func remaining(item: Int) -> Int { state.withLock { $0.queues[item]?.count ?? 0 } }
}

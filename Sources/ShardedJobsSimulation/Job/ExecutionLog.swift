import Synchronization

/// The lines the workers of a seed print (the checker's input, DESIGN 12.3), per worker tag, in
/// the order they were printed.
public final class ExecutionLog: Sendable {
    private struct State {
        var lines: [String: [String]] = [:]
        var counts: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// An empty log.
    public init() {}

    /// Appends a line of worker `tag`; the first word counts it.
    public func emit(_ tag: String, _ line: String) {
        state.withLock { state in
            state.lines[tag, default: []].append(line)
            let word = line.prefix { $0 != " " }
            state.counts[String(word), default: 0] += 1
        }
    }

    /// Each worker's lines as one text, by tag.
    public var texts: [(tag: String, text: String)] {
        state.withLock { state in
            state.lines.keys.sorted().map { tag in (tag, state.lines[tag, default: []].joined(separator: "\n") + "\n") }
        }
    }

    /// How many lines of each kind (`EXEC`, `FAIL`, `FENCED`) were printed.
    public func count(_ word: String) -> Int {
        state.withLock { $0.counts[word, default: 0] }
    }
}

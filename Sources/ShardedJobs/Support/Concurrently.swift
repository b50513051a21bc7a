/// Runs `body` for every element at once and returns the results in the elements' order.
///
/// Requests issued this way are pipelined by the ZooKeeper client on its one
/// connection: n reads cost one round trip, not n. The first error cancels the
/// rest and is rethrown.
package func concurrently<Element: Sendable, Result: Sendable>(
    _ elements: [Element], _ body: @escaping @Sendable (Element) async throws -> Result
) async throws -> [Result] {
    guard elements.count > 1 else { return try await elements.asyncMap(body) }
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        for (index, element) in elements.enumerated() {
            group.addTask { (index, try await body(element)) }
        }
        var results = [Result?](repeating: nil, count: elements.count)
        for try await (index, result) in group { results[index] = result }
        return results.compactMap { $0 }
    }
}

extension Array where Element: Sendable {
    /// Maps the elements one after another with an async transform.
    ///
    /// Used for zero or one element, where a task group costs more than it saves.
    package func asyncMap<Result>(_ transform: (Element) async throws -> Result) async throws -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

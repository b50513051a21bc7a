import Foundation
import Logging
import Synchronization

/// A log that tests read: every line a `Logger` made by `logger(label:level:)` writes, with its
/// level and metadata, and an event-driven wait for a line.
///
/// ```swift
/// let log = CapturedLog()
/// let client = ZooKeeperClient(configuration: …, logger: log.logger(label: "zk"))
/// let line = try await log.wait(for: "an error naming the address", within: .seconds(15)) {
///     $0.level == .error && $0.message.contains("nosuch.invalid:2181")
/// }
/// ```
public final class CapturedLog: Sendable {
    /// One logged line.
    public struct Line: Sendable, CustomStringConvertible {
        /// The line's level.
        public let level: Logger.Level
        /// The message.
        public let message: String
        /// The metadata of the logger and of the call, rendered.
        public let metadata: [String: String]

        /// `level: message`.
        public var description: String { "\(level): \(message)" }
    }

    private struct Waiter {
        let predicate: @Sendable (Line) -> Bool
        let continuation: CheckedContinuation<Line?, Never>
    }

    private struct State {
        var lines: [Line] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Creates an empty log.
    public init() {}

    /// A logger writing into this log (and nowhere else).
    public func logger(label: String, level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far.
    public var lines: [Line] { state.withLock { $0.lines } }

    /// Whether lines are echoed to standard error as well (`CAPTURED_LOG_ECHO=1`), to watch a test.
    private static let echo = ProcessInfo.processInfo.environment["CAPTURED_LOG_ECHO"] == "1"

    func record(_ line: Line) {
        if Self.echo { FileHandle.standardError.write(Data("[captured] \(line)\n".utf8)) }
        let ready: [CheckedContinuation<Line?, Never>] = state.withLock { state in
            state.lines.append(line)
            let matching = state.waiters.filter { $0.value.predicate(line) }.sorted { $0.key < $1.key }
            for (id, _) in matching { state.waiters.removeValue(forKey: id) }
            return matching.map(\.value.continuation)
        }
        for continuation in ready { continuation.resume(returning: line) }
    }

    /// Waits for the first line (logged before or after the call) that matches, within `limit`.
    @discardableResult
    public func wait(
        for what: String, within limit: Duration, where predicate: @escaping @Sendable (Line) -> Bool
    ) async throws -> Line {
        let line: Line? = try await TestSupport.within(limit, what) {
            let id = self.state.withLock { state in
                defer { state.nextID += 1 }
                return state.nextID
            }
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let existing: Line? = self.state.withLock { state in
                        if let match = state.lines.first(where: predicate) { return match }
                        state.waiters[id] = Waiter(predicate: predicate, continuation: continuation)
                        return nil
                    }
                    if let existing { continuation.resume(returning: existing) }
                    if Task.isCancelled { self.cancel(id) }
                }
            } onCancel: {
                self.cancel(id)
            }
        }
        guard let line else { throw TimedOut(what: what, after: limit) }
        return line
    }

    private func cancel(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: nil)
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.record(
                Line(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}

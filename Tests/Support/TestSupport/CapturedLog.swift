import Foundation
import Logging

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

    private let log = EventLog<Line>()

    /// Creates an empty log.
    public init() {}

    /// A logger writing into this log (and nowhere else).
    public func logger(label: String, level: Logger.Level = .trace) -> Logger {
        Self.logger(label: label, level: level) { self.record($0) }
    }

    /// A logger handing each line at `level` or above to `record` (and nowhere else): for a
    /// test's own record of events that log lines join.
    public static func logger(
        label: String, level: Logger.Level = .trace, recording record: @escaping @Sendable (Line) -> Void
    ) -> Logger {
        var logger = Logger(label: label) { _ in Handler(record: record) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far.
    public var lines: [Line] { log.events }

    /// Whether lines are echoed to standard error as well (`CAPTURED_LOG_ECHO=1`), to watch a test.
    private static let echo = ProcessInfo.processInfo.environment["CAPTURED_LOG_ECHO"] == "1"

    func record(_ line: Line) {
        if Self.echo { FileHandle.standardError.write(Data("[captured] \(line)\n".utf8)) }
        log.record(line)
    }

    /// Waits for the first line (logged before or after the call) that matches, within `limit`.
    @discardableResult
    public func wait(
        for what: String, within limit: Duration, where predicate: @escaping @Sendable (Line) -> Bool
    ) async throws -> Line {
        try await log.wait(for: what, within: limit, where: predicate).event
    }

    private struct Handler: LogHandler {
        let record: @Sendable (Line) -> Void
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            record(
                Line(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}

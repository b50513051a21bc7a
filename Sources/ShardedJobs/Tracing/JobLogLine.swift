import Foundation
import Logging

/// One line an execution logged through its `ShardingContext.logger` (a script's output lines
/// included), as tracing records it: a row of our `SHARDED_JOBS_LOG_LINE` table, keyed by the
/// execution's id and the line's number.
///
/// Stores keep the last ``limitLines`` lines of an execution, at most ``limitBytes`` bytes of
/// text in all (older lines are deleted as newer ones arrive): an execution's log is its tail.
public struct JobLogLine: Sendable, Hashable {
    /// The lines an execution keeps at most.
    public static let limitLines = 200
    /// The bytes of text (UTF-8) an execution's kept lines hold at most.
    public static let limitBytes = 65_536
    /// The characters one line keeps at most; the rest is cut.
    public static let limitCharacters = 4_000

    /// The execution's id: ``JobExecutionEvent/id`` (`execution_id`).
    public var executionID: String
    /// The job's name (`job_name`).
    public var jobName: String
    /// The sharding item (`sharding_item`).
    public var item: Int
    /// The line's number within its execution, 1 for the first (`line_number`).
    public var number: Int
    /// The bytes (UTF-8) the execution's earlier lines hold (`byte_offset`): where this line starts.
    public var byteOffset: Int
    /// The level it was logged at (`level`).
    public var level: Logger.Level
    /// The message, then the call's own metadata as ` key=value` pairs (`message`).
    public var message: String
    /// When it was logged (`logged_at`).
    public var time: Date

    /// Creates a line.
    public init(
        executionID: String, jobName: String, item: Int, number: Int, byteOffset: Int, level: Logger.Level, message: String,
        time: Date
    ) {
        self.executionID = executionID
        self.jobName = jobName
        self.item = item
        self.number = number
        self.byteOffset = byteOffset
        self.level = level
        self.message = message
        self.time = time
    }

    /// The bytes this line's text holds (UTF-8).
    public var byteCount: Int { message.utf8.count }

    /// Where the line ends: ``byteOffset`` plus ``byteCount``.
    public var byteEnd: Int { byteOffset + byteCount }

    /// Whether the line is still within the kept tail of an execution whose newest line is
    /// `newest`: among the last ``limitLines``, and starting within the last ``limitBytes``.
    public func isKept(whenNewestIs newest: JobLogLine) -> Bool {
        number > newest.number - Self.limitLines && byteOffset >= newest.byteEnd - Self.limitBytes
    }
}

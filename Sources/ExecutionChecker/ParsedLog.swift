import Foundation

/// The records read from one or more worker logs.
///
/// Feed it the output of every worker (each file, or text, under its own name) and hand it to
/// ``ExecutionChecker/check(_:)``. Lines that are not part of the worker format are counted in
/// ``otherLineCount``; lines that start with a keyword but do not parse are counted in
/// ``malformedLineCount`` and the first ``malformedSampleLimit`` of them are kept in
/// ``malformedSamples``. Neither kind affects the check.
public struct ParsedLog: Sendable {
    /// How many malformed lines are kept as samples.
    public static let malformedSampleLimit = 20

    /// Every `EXEC` line, in input order.
    public var executions: [Execution] = []
    /// Every `BEGIN` line, in input order.
    public var begins: [LogLine.Begin] = []
    /// Every `FENCED` line, in input order.
    public var fenced: [LogLine.Fenced] = []
    /// Every `BOOT` line, in input order.
    public var boots: [LogLine.Boot] = []
    /// The time of every `READY` line, in input order.
    public var readies: [Int64] = []
    /// How many lines were neither worker records nor malformed (blank lines included).
    public var otherLineCount = 0
    /// How many lines started with a keyword but did not parse.
    public var malformedLineCount = 0
    /// The first malformed lines with their locations.
    public var malformedSamples: [(location: LogLine.Location, text: String)] = []

    /// Creates an empty log.
    ///
    /// Append inputs with ``append(text:file:)`` or ``append(data:file:)``.
    public init() {}

    /// Creates a log from one text.
    ///
    /// - Parameters:
    ///   - text: The lines, separated by `\n` (a `\r` before it is ignored).
    ///   - file: The name locations report for these lines.
    public init(text: String, file: String = "-") {
        append(text: text, file: file)
    }

    /// The number of lines read, of every kind.
    public var lineCount: Int {
        executions.count + begins.count + fenced.count + boots.count + readies.count
            + otherLineCount + malformedLineCount
    }

    /// Reads the lines of a text.
    ///
    /// - Parameters:
    ///   - text: The lines, separated by `\n`.
    ///   - file: The name locations report for these lines.
    public mutating func append(text: String, file: String) {
        var text = text
        text.withUTF8 { append(bytes: $0, file: file) }
    }

    /// Reads the lines of a file's contents (UTF-8).
    ///
    /// - Parameters:
    ///   - data: The contents.
    ///   - file: The name locations report for these lines.
    public mutating func append(data: Data, file: String) {
        data.withUnsafeBytes { raw in
            append(bytes: raw.bindMemory(to: UInt8.self), file: file)
        }
    }

    /// Adds one already classified line.
    ///
    /// - Parameters:
    ///   - line: The line.
    ///   - location: Where it was read; used for malformed samples (an execution keeps its own).
    public mutating func append(_ line: LogLine, at location: LogLine.Location) {
        switch line {
        case .exec(let execution): executions.append(execution)
        case .begin(let begin): begins.append(begin)
        case .fenced(let record): fenced.append(record)
        case .boot(let boot): boots.append(boot)
        case .ready(let time): readies.append(time)
        case .other: otherLineCount += 1
        case .malformed(let text): noteMalformed(text, at: location)
        }
    }

    /// Adds every record and count of another log to this one.
    ///
    /// - Parameter other: The log to add.
    public mutating func merge(_ other: ParsedLog) {
        executions += other.executions
        begins += other.begins
        fenced += other.fenced
        boots += other.boots
        readies += other.readies
        otherLineCount += other.otherLineCount
        malformedLineCount += other.malformedLineCount
        let room = max(0, Self.malformedSampleLimit - malformedSamples.count)
        malformedSamples += other.malformedSamples.prefix(room)
    }

    /// Splits a buffer into lines and parses each one.
    private mutating func append(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        var lineStart = 0
        var lineNumber = 0
        let count = bytes.count
        while lineStart < count {
            lineNumber += 1
            var lineEnd = count
            if let base = bytes.baseAddress, let newline = memchr(base + lineStart, 0x0A, count - lineStart) {
                lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            let location = LogLine.Location(file: file, line: lineNumber)
            switch LogLineParser.parse(line, location: location) {
            case .exec(let execution):
                executions.append(execution)
            case let parsed?:
                append(parsed, at: location)
            case nil:
                malformedLineCount += 1
                if malformedSamples.count < Self.malformedSampleLimit {
                    malformedSamples.append((location, String(decoding: line, as: UTF8.self)))
                }
            }
            lineStart = lineEnd + 1
        }
    }

    /// Counts a malformed line and keeps it if there is room for samples.
    private mutating func noteMalformed(_ text: String, at location: LogLine.Location) {
        malformedLineCount += 1
        if malformedSamples.count < Self.malformedSampleLimit {
            malformedSamples.append((location, text))
        }
    }
}

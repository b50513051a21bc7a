import Foundation

/// The records read from one or more worker logs.
///
/// Feed it the output of every worker (each file, or text, under its own name) and hand it to
/// ``ExecutionChecker/check(_:)``. Lines that are not part of the worker format are counted in
/// ``otherLineCount``; lines that start with a keyword but do not parse are counted in
/// ``malformedLineCount`` and the first ``malformedSampleLimit`` of them are kept in
/// ``malformedSamples``. Neither kind affects the check. Lines with an unknown source or skip
/// reason are counted in ``unknownWordCount`` (the first ones kept in ``unknownWords``): the
/// command line refuses them as a usage error, and a report of a log with one is not clean —
/// except in an input's last line when it has no line break, which is taken as cut short (by
/// `kill -9`) and counted as malformed.
public struct ParsedLog: Sendable {
    /// How many malformed lines are kept as samples.
    public static let malformedSampleLimit = 20

    /// Every `EXEC` line (a commit), in input order.
    public var executions: [Execution] = []
    /// Every `FAIL` line (a completion without a commit), in input order.
    public var failures: [Execution] = []
    /// Every `SKIP` line, in input order.
    public var skips: [Skip] = []
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
    /// How many lines had an unknown source or skip reason.
    public var unknownWordCount = 0
    /// The first lines with an unknown source or skip reason, with their locations.
    public var unknownWords: [(location: LogLine.Location, line: LogLine.UnknownWord)] = []

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
        executions.count + failures.count + skips.count + begins.count + fenced.count + boots.count
            + readies.count + otherLineCount + malformedLineCount + unknownWordCount
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
        case .fail(let execution): failures.append(execution)
        case .skip(let skip): skips.append(skip)
        case .begin(let begin): begins.append(begin)
        case .fenced(let record): fenced.append(record)
        case .boot(let boot): boots.append(boot)
        case .ready(let time): readies.append(time)
        case .other: otherLineCount += 1
        case .malformed(let text): noteMalformed(text, at: location)
        case .unknownWord(let word):
            unknownWordCount += 1
            if unknownWords.count < Self.malformedSampleLimit { unknownWords.append((location, word)) }
        }
    }

    /// Adds every record and count of another log to this one.
    ///
    /// - Parameter other: The log to add.
    public mutating func merge(_ other: ParsedLog) {
        executions += other.executions
        failures += other.failures
        skips += other.skips
        begins += other.begins
        fenced += other.fenced
        boots += other.boots
        readies += other.readies
        otherLineCount += other.otherLineCount
        malformedLineCount += other.malformedLineCount
        let room = max(0, Self.malformedSampleLimit - malformedSamples.count)
        malformedSamples += other.malformedSamples.prefix(room)
        unknownWordCount += other.unknownWordCount
        unknownWords += other.unknownWords.prefix(max(0, Self.malformedSampleLimit - unknownWords.count))
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
            case .unknownWord where lineEnd == count:
                // The input's last line has no line break: cut short, not a vocabulary error.
                noteMalformed(String(decoding: line, as: UTF8.self), at: location)
            case let parsed?:
                append(parsed, at: location)
            case nil:
                noteMalformed(String(decoding: line, as: UTF8.self), at: location)
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

/// The byte-level parser behind ``LogLine`` and ``ParsedLog``.
///
/// It works on a line's UTF-8 bytes without splitting the line into strings, so a log of
/// hundreds of thousands of lines parses in milliseconds; only the text fields (tag, job)
/// become strings.
enum LogLineParser {
    /// Parses one line (without its terminator).
    ///
    /// - Returns: The classified line, or `nil` when the line starts with a keyword but its
    ///   fields do not parse (the caller reports it as malformed). A line whose fields parse
    ///   but whose source or skip reason is unknown is `.unknownWord`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, location: LogLine.Location?) -> LogLine? {
        var fields = FieldScanner(bytes: bytes)
        guard let keyword = fields.next() else { return .other }
        guard let kind = Keyword(bytes, keyword) else { return .other }
        switch kind {
        case .exec, .fail:
            let isFailure = kind == .fail
            guard let tag = fields.text(), let item = fields.item(),
                  let fire = fields.number(), let start = fields.number(), let end = fields.number(),
                  let job = fields.text(), let sourceField = fields.next()
            else { return nil }
            var failure: Execution.Failure?
            if isFailure {
                guard let cause = fields.text(), let attempt = fields.item() else { return nil }
                failure = Execution.Failure(cause: cause, attempt: attempt)
            }
            guard fields.atEnd else { return nil }
            switch SourceField(bytes, sourceField) {
            case .known(let source, let runID):
                let execution = Execution(
                    tag: tag, item: item, scheduledFire: fire, start: start, end: end,
                    job: job, source: source, runID: runID, failure: failure, location: location)
                return isFailure ? .fail(execution) : .exec(execution)
            case .unknown(let problem):
                return .unknownWord(.init(problem: problem, text: text(bytes)))
            }
        case .skip:
            guard let tag = fields.text(), let item = fields.item(),
                  let from = fields.number(), let to = fields.number(), from <= to,
                  let job = fields.text(), let reasonField = fields.next(), fields.atEnd
            else { return nil }
            let word = text(bytes, reasonField)
            guard let reason = Skip.Reason(rawValue: word) else {
                let known = Skip.Reason.allCases.map(\.rawValue).joined(separator: ", ")
                return .unknownWord(.init(problem: "unknown skip reason '\(word)' (known: \(known))", text: text(bytes)))
            }
            return .skip(Skip(tag: tag, item: item, fromFire: from, toFire: to, job: job, reason: reason, location: location))
        case .begin:
            guard let tag = fields.text(), let item = fields.item(),
                  let fire = fields.number(), let start = fields.number(),
                  let job = fields.text(), let sourceField = fields.next(), fields.atEnd
            else { return nil }
            switch SourceField(bytes, sourceField) {
            case .known(let source, _):
                return .begin(.init(tag: tag, item: item, scheduledFire: fire, start: start, job: job, source: source))
            case .unknown(let problem):
                return .unknownWord(.init(problem: problem, text: text(bytes)))
            }
        case .fenced:
            guard let tag = fields.text(), let item = fields.item(),
                  let fire = fields.number(), let job = fields.text(), fields.atEnd
            else { return nil }
            return .fenced(.init(tag: tag, item: item, scheduledFire: fire, job: job))
        case .boot:
            guard let processStart = fields.number(), let mainEntry = fields.number(),
                  let pid = fields.item(), let tag = fields.text(), fields.atEnd
            else { return nil }
            return .boot(.init(processStart: processStart, mainEntry: mainEntry, pid: pid, tag: tag))
        case .ready:
            guard let time = fields.number(), fields.atEnd else { return nil }
            return .ready(epochMs: time)
        }
    }

    /// The text of a whole line, or of `bytes[range]`.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>? = nil) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range ?? 0..<bytes.count]), as: UTF8.self)
    }

    /// The line keywords of the worker format.
    enum Keyword {
        case boot, ready, begin, exec, fail, skip, fenced

        /// Recognises the keyword in `bytes[range]`, or returns `nil` for any other word.
        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            switch range.count {
            case 4 where LogLineParser.matches(bytes, range, "EXEC"): self = .exec
            case 4 where LogLineParser.matches(bytes, range, "FAIL"): self = .fail
            case 4 where LogLineParser.matches(bytes, range, "SKIP"): self = .skip
            case 4 where LogLineParser.matches(bytes, range, "BOOT"): self = .boot
            case 5 where LogLineParser.matches(bytes, range, "BEGIN"): self = .begin
            case 5 where LogLineParser.matches(bytes, range, "READY"): self = .ready
            case 6 where LogLineParser.matches(bytes, range, "FENCED"): self = .fenced
            default: return nil
            }
        }
    }

    /// A source field: `KIND` or `KIND:RUNID`, where only `BACKFILL`, `ONE_OFF` and `DEPENDENT`
    /// take (and need) a run id.
    enum SourceField {
        case known(Execution.Source, runID: String?)
        case unknown(String)

        /// The known sources as the error message lists them.
        static let vocabulary = Execution.Source.allCases
            .map { $0.hasRunID ? "\($0.rawValue):RUNID" : $0.rawValue }.joined(separator: ", ")

        init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            var colon: Int?
            for index in range where bytes[index] == UInt8(ascii: ":") {
                colon = index
                break
            }
            let kindRange = range.lowerBound..<(colon ?? range.upperBound)
            guard let kind = Self.kind(bytes, kindRange) else {
                self = .unknown("unknown source '\(LogLineParser.text(bytes, range))' (known: \(Self.vocabulary))")
                return
            }
            switch (kind.hasRunID, colon) {
            case (false, nil):
                self = .known(kind, runID: nil)
            case (false, _?):
                self = .unknown("source '\(LogLineParser.text(bytes, range))' takes no run id (known: \(Self.vocabulary))")
            case (true, let colon?) where colon + 1 < range.upperBound:
                self = .known(kind, runID: LogLineParser.text(bytes, (colon + 1)..<range.upperBound))
            case (true, _):
                self = .unknown("source '\(LogLineParser.text(bytes, range))' needs a run id: \(kind.rawValue):RUNID")
            }
        }

        /// The source spelled by `bytes[range]`, without a run id.
        private static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Execution.Source? {
            if LogLineParser.matches(bytes, range, "NORMAL_TRIGGER") { return .normalTrigger }
            if LogLineParser.matches(bytes, range, "MISFIRE") { return .misfire }
            if LogLineParser.matches(bytes, range, "FAILOVER") { return .failover }
            if LogLineParser.matches(bytes, range, "BACKFILL") { return .backfill }
            if LogLineParser.matches(bytes, range, "ONE_OFF") { return .oneOff }
            if LogLineParser.matches(bytes, range, "DEPENDENT") { return .dependent }
            return nil
        }
    }

    /// True when `bytes[range]` spells `word` (an ASCII literal).
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let literal = word.utf8Start
        var offset = 0
        for index in range {
            guard bytes[index] == literal[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Walks a line's whitespace-separated fields.
    struct FieldScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// True when only whitespace is left.
        var atEnd: Bool {
            mutating get { next() == nil }
        }

        /// The next field's byte range, or `nil` at the end of the line.
        mutating func next() -> Range<Int>? {
            let count = bytes.count
            while position < count, Self.isSpace(bytes[position]) { position += 1 }
            guard position < count else { return nil }
            let start = position
            while position < count, !Self.isSpace(bytes[position]) { position += 1 }
            return start..<position
        }

        /// The next field as a string.
        mutating func text() -> String? {
            guard let range = next() else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// The next field as a non-negative decimal number of at most 18 digits.
        mutating func number() -> Int64? {
            guard let range = next(), range.count <= 18 else { return nil }
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }

        /// The next field as an item number (or pid).
        mutating func item() -> Int? {
            guard let value = number(), value <= Int64(Int32.max) else { return nil }
            return Int(value)
        }

        /// Space, tab, carriage return and the other ASCII whitespace.
        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
        }
    }
}

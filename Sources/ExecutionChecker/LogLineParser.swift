/// The byte-level parser behind ``LogLine`` and ``ParsedLog``.
///
/// It works on a line's UTF-8 bytes without splitting the line into strings, so a log of
/// hundreds of thousands of lines parses in milliseconds; only the text fields (tag, job)
/// become strings.
enum LogLineParser {
    /// Parses one line (without its terminator).
    ///
    /// - Returns: The classified line, or `nil` when the line starts with a keyword but its
    ///   fields do not parse (the caller reports it as malformed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, location: LogLine.Location?) -> LogLine? {
        var fields = FieldScanner(bytes: bytes)
        guard let keyword = fields.next() else { return .other }
        switch Keyword(bytes, keyword) {
        case nil:
            return .other
        case .exec:
            guard let tag = fields.text(), let item = fields.item(),
                  let fire = fields.number(), let start = fields.number(), let end = fields.number(),
                  let job = fields.text(), let source = fields.source(), fields.atEnd
            else { return nil }
            return .exec(Execution(
                tag: tag, item: item, scheduledFire: fire, start: start, end: end,
                job: job, source: source, location: location))
        case .begin:
            guard let tag = fields.text(), let item = fields.item(),
                  let fire = fields.number(), let start = fields.number(),
                  let job = fields.text(), let source = fields.source(), fields.atEnd
            else { return nil }
            return .begin(.init(tag: tag, item: item, scheduledFire: fire, start: start, job: job, source: source))
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

    /// The line keywords of the worker format.
    enum Keyword {
        case boot, ready, begin, exec, fenced

        /// Recognises the keyword in `bytes[range]`, or returns `nil` for any other word.
        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            switch range.count {
            case 4 where LogLineParser.matches(bytes, range, "EXEC"): self = .exec
            case 4 where LogLineParser.matches(bytes, range, "BOOT"): self = .boot
            case 5 where LogLineParser.matches(bytes, range, "BEGIN"): self = .begin
            case 5 where LogLineParser.matches(bytes, range, "READY"): self = .ready
            case 6 where LogLineParser.matches(bytes, range, "FENCED"): self = .fenced
            default: return nil
            }
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

        /// The next field as an execution source.
        mutating func source() -> Execution.Source? {
            guard let range = next() else { return nil }
            if LogLineParser.matches(bytes, range, "NORMAL_TRIGGER") { return .normalTrigger }
            if LogLineParser.matches(bytes, range, "MISFIRE") { return .misfire }
            if LogLineParser.matches(bytes, range, "FAILOVER") { return .failover }
            return nil
        }

        /// Space, tab, carriage return and the other ASCII whitespace.
        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
        }
    }
}

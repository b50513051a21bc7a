/// Parses one list element of one field, the way Quartz 2.3.2 reads it.
///
/// This follows Quartz's `storeExpressionVals` and `checkNext` branch by
/// branch, so that every element Quartz accepts selects the same values,
/// including its leniencies (`MONDAY` is read as `MON`, text after a
/// complete value such as `5X` is ignored, `L` alone in day-of-week is
/// Saturday). On top of that it applies rule 3 of the engine: a step is
/// honoured after names too, and steps of 0 or below, `W` with a range, a
/// step or `*`, `0W`, `L` outside the day fields and `#` with a weekday
/// outside 1–7 are rejected.
struct CronElementParser {
    /// The element, upper-cased, as UTF-16 code units (Quartz indexes Java chars).
    let s: Units
    /// The element as written, for error messages (only turned into a string on error).
    let written: ArraySlice<UInt16>
    let field: CronField

    /// A list element's code units, indexed from 0.
    struct Units {
        let base: ArraySlice<UInt16>
        var count: Int { base.count }
        var first: UInt16? { base.first }
        subscript(_ i: Int) -> UInt16 { base[base.startIndex + i] }
    }

    init(units: ArraySlice<UInt16>, written: ArraySlice<UInt16>, field: CronField) {
        self.s = Units(base: units)
        self.written = written
        self.field = field
    }

    /// The element as written.
    var text: String { String(decoding: written, as: UTF16.self) }

    private static let zero = UInt16(UInt8(ascii: "0"))
    private static let nine = UInt16(UInt8(ascii: "9"))

    private func char(_ name: Unicode.Scalar) -> UInt16 { UInt16(name.value) }
    private func isDigit(_ c: UInt16) -> Bool { c >= Self.zero && c <= Self.nine }

    private func fail(_ code: CronError.Code, _ reason: String) -> CronError {
        CronError(code, field: field, text: text, reason: reason)
    }

    /// Parses the element into `state`.
    func parse(into state: inout CronParseState) throws(CronError) {
        guard let c = s.first else {
            throw fail(.emptyElement, "is an empty list element")
        }
        if c >= char("A") && c <= char("Z") && !isLastDayForm() {
            try parseName(into: &state)
        } else if c == char("?") {
            try parseUnspecified(into: &state)
        } else if c == char("*") || c == char("/") {
            try parseAll(into: &state)
        } else if c == char("L") {
            try parseLast(into: &state)
        } else if isDigit(c) {
            var value = Int(c - Self.zero)
            var i = 1
            if i >= s.count {
                try state.add(value, end: nil, step: nil, field: field, text: text)
                return
            }
            if isDigit(s[i]) {
                (value, i) = try number(from: i, prefix: value)
            }
            try parseAfterNumber(value, at: i, into: &state)
        } else {
            throw fail(.syntax, "has unexpected character '\(Character(Unicode.Scalar(c) ?? "?"))'")
        }
    }

    /// Whether the element is `L`, `LW` or matches `L-[0-9]*W?` (Quartz's exceptions to names).
    private func isLastDayForm() -> Bool {
        guard s.first == char("L") else { return false }
        if s.count == 1 || (s.count == 2 && s[1] == char("W")) { return true }
        guard s.count >= 2, s[1] == char("-") else { return false }
        var i = 2
        while i < s.count && isDigit(s[i]) { i += 1 }
        if i < s.count && s[i] == char("W") { i += 1 }
        return i == s.count
    }

    /// Quartz's `getValue`: digits from `i` appended to `prefix`; returns the value and Quartz's next position.
    private func number(from start: Int, prefix: Int) throws(CronError) -> (Int, Int) {
        var value = prefix
        var i = start
        while i < s.count && isDigit(s[i]) {
            value = value * 10 + Int(s[i] - Self.zero)
            if value > Int(Int32.max) {
                throw fail(.outOfRange, "has a number too large")
            }
            i += 1
        }
        return (value, i < s.count ? i : i + 1)
    }

    /// Java's `Integer.parseInt` of the rest of the element from `i`.
    private func javaInt(from i: Int) -> Int? {
        var j = i
        var negative = false
        if j < s.count && (s[j] == char("+") || s[j] == char("-")) {
            negative = s[j] == char("-")
            j += 1
        }
        guard j < s.count else { return nil }
        var value = 0
        while j < s.count {
            guard isDigit(s[j]) else { return nil }
            value = value * 10 + Int(s[j] - Self.zero)
            if value > Int(Int32.max) + 1 { return nil }
            j += 1
        }
        value = negative ? -value : value
        return value >= Int(Int32.min) && value <= Int(Int32.max) ? value : nil
    }

    /// A single ASCII digit at `i` (Quartz's `Integer.parseInt(String.valueOf(c))`).
    private func digit(at i: Int, after what: String) throws(CronError) -> Int {
        guard i < s.count, isDigit(s[i]) else {
            throw fail(.syntax, "needs a number after '\(what)'")
        }
        return Int(s[i] - Self.zero)
    }

    /// Quartz's `checkIncrementRange`: a step larger than the field allows.
    private func checkStep(_ step: Int) throws(CronError) {
        let limit: Int? = switch field {
        case .second, .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        case .year: nil
        }
        if let limit, step > limit {
            throw fail(.invalidStep, "has step \(step) larger than \(limit)")
        }
    }

    /// Rejects a `W` right after a range or a step in day-of-month (rule 3).
    private func rejectTrailingW(at i: Int, after what: String) throws(CronError) {
        // Elsewhere Quartz ignores the letter and so does this engine.
        if field == .dayOfMonth && i < s.count && s[i] == char("W") {
            throw fail(.misplacedSpecial, "cannot use 'W' with \(what)")
        }
    }

    /// A step after a single value at `i` (which holds '/'), as Quartz's `checkNext` reads it.
    func singleStep(at slash: Int) throws(CronError) -> (step: Int, next: Int) {
        if slash + 1 >= s.count {
            throw fail(.syntax, "needs an integer after '/'")
        }
        let first = try digit(at: slash + 1, after: "/")
        let i = slash + 2
        if i >= s.count {
            try checkStep(first)
            return (first, i)
        }
        guard isDigit(s[i]) else {
            throw fail(.syntax, "has unexpected character after '/'")
        }
        let (step, next) = try number(from: i, prefix: first)
        try checkStep(step)
        return (step, next)
    }

    /// The optional step after a range end at `i`, as Quartz's `checkNext` reads it.
    func rangeStep(at i: Int) throws(CronError) -> (step: Int, next: Int) {
        guard i < s.count && s[i] == char("/") else { return (1, i) }
        let first = try digit(at: i + 1, after: "/")
        let j = i + 2
        if j >= s.count || !isDigit(s[j]) { return (first, j) }
        return try number(from: j, prefix: first)
    }

    /// Quartz's `checkNext`: what follows a number (`L`, `W`, `#`, a range or a step).
    private func parseAfterNumber(_ value: Int, at pos: Int, into state: inout CronParseState) throws(CronError) {
        if pos >= s.count {
            try state.add(value, end: nil, step: nil, field: field, text: text)
            return
        }
        let c = s[pos]
        if c == char("L") {
            guard field == .dayOfWeek else {
                throw fail(.misplacedSpecial, "cannot use 'L' after a number outside day-of-week")
            }
            guard (1...7).contains(value) else {
                throw fail(.outOfRange, "has weekday \(value) out of range 1-7")
            }
            try rejectStepAfterSpecial(at: pos + 1, special: "L")
            state.lastDayOfWeek = true
            state.insert(value, into: field)
        } else if c == char("W") {
            guard field == .dayOfMonth else {
                throw fail(.misplacedSpecial, "cannot use 'W' outside day-of-month")
            }
            guard (1...31).contains(value) else {
                throw fail(.outOfRange, "has day \(value) out of range 1-31 before 'W'")
            }
            try rejectStepAfterSpecial(at: pos + 1, special: "W")
            state.nearestWeekday = true
            state.insert(value, into: field)
        } else if c == char("#") {
            guard field == .dayOfWeek else {
                throw fail(.misplacedSpecial, "cannot use '#' outside day-of-week")
            }
            guard let ordinal = javaInt(from: pos + 1), (1...5).contains(ordinal) else {
                throw fail(.outOfRange, "needs an ordinal 1-5 after '#'")
            }
            guard (1...7).contains(value) else {
                throw fail(.outOfRange, "has weekday \(value) out of range 1-7 before '#'")
            }
            state.nthDayOfWeek = ordinal
            state.insert(value, into: field)
        } else if c == char("-") {
            var end = try digit(at: pos + 1, after: "-")
            var i = pos + 2
            if i >= s.count {
                try state.add(value, end: end, step: 1, field: field, text: text)
                return
            }
            if isDigit(s[i]) { (end, i) = try number(from: i, prefix: end) }
            let hasStep = i < s.count && s[i] == char("/")
            let (step, next) = try rangeStep(at: i)
            try rejectTrailingW(at: next, after: hasStep ? "a step" : "a range")
            try state.add(value, end: end, step: step, field: field, text: text)
        } else if c == char("/") {
            let (step, next) = try singleStep(at: pos)
            try rejectTrailingW(at: next, after: "a step")
            try state.add(value, end: nil, step: step, field: field, text: text)
        } else {
            try state.add(value, end: nil, step: nil, field: field, text: text)
        }
    }

    /// Rejects a step written after `L` or `W`, which cannot be honoured (rule 3).
    private func rejectStepAfterSpecial(at i: Int, special: String) throws(CronError) {
        if i + 1 < s.count && s[i] == char("/") && isDigit(s[i + 1]) {
            throw fail(.misplacedSpecial, "cannot use a step with '\(special)'")
        }
    }
}

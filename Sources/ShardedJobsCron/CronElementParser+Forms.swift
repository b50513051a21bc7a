/// The branches of ``CronElementParser`` for elements that start with a
/// letter, `?`, `*`, `/` or `L`.
///
/// Quartz reads a name by its first three letters, and after a name only
/// `-NAME`, `#n` and `L` (day-of-week) mean anything to it; this engine also
/// honours a step after a name or a range of names (rule 3).
extension CronElementParser {
    /// Three letters packed into one integer, for table lookups without strings.
    private static func key(_ a: UInt16, _ b: UInt16, _ c: UInt16) -> UInt64 {
        UInt64(a) << 32 | UInt64(b) << 16 | UInt64(c)
    }

    private static func keys(_ names: [String]) -> [UInt64] {
        names.map { name in
            let u = Array(name.utf16)
            return key(u[0], u[1], u[2])
        }
    }

    private static let monthKeys = keys(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
    private static let dayKeys = keys(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])

    private func ch(_ name: Unicode.Scalar) -> UInt16 { UInt16(name.value) }

    /// The value of the three-letter name at `i` in this field, or `nil`.
    private func nameValue(at i: Int) -> Int? {
        guard i + 3 <= s.count else { return nil }
        let key = Self.key(s[i], s[i + 1], s[i + 2])
        let table = field == .month ? Self.monthKeys : Self.dayKeys
        return table.firstIndex(of: key).map { $0 + 1 }
    }

    private func nameError(at i: Int) -> CronError {
        let what = field == .month ? "month name (JAN-DEC)" : "day name (SUN-SAT)"
        return CronError(.syntax, field: field, text: text, reason: "has no \(what) at position \(i + 1)")
    }

    /// An element starting with a letter: a month or day name with its options.
    func parseName(into state: inout CronParseState) throws(CronError) {
        guard field == .month || field == .dayOfWeek else {
            throw CronError(.syntax, field: field, text: text,
                            reason: "has letters, which this field does not allow")
        }
        guard let start = nameValue(at: 0) else { throw nameError(at: 0) }
        var end: Int?
        var after = 3
        if s.count > 3 {
            let c = s[3]
            if c == ch("-") {
                guard let value = nameValue(at: 4) else { throw nameError(at: 4) }
                end = value
                after = 7
            } else if c == ch("#") && field == .dayOfWeek {
                guard let ordinal = javaOrdinal(from: 4) else {
                    throw CronError(.outOfRange, field: field, text: text, reason: "needs an ordinal 1-5 after '#'")
                }
                state.nthDayOfWeek = ordinal
                try state.add(start, end: nil, step: nil, field: field, text: text)
                return
            } else if c == ch("L") && field == .dayOfWeek {
                if s.count > 5 && s[4] == ch("/") && s[5] >= ch("0") && s[5] <= ch("9") {
                    throw CronError(.misplacedSpecial, field: field, text: text, reason: "cannot use a step with 'L'")
                }
                state.lastDayOfWeek = true
                try state.add(start, end: nil, step: nil, field: field, text: text)
                return
            }
        }
        if after + 1 < s.count && s[after] == ch("/") && s[after + 1] >= ch("0") && s[after + 1] <= ch("9") {
            // Rule 3: Quartz ignores a step after a name; this engine honours it.
            let step = end == nil ? try singleStep(at: after).step : try rangeStep(at: after).step
            try state.add(start, end: end, step: step, field: field, text: text)
        } else {
            try state.add(start, end: end, step: end == nil ? nil : 1, field: field, text: text)
        }
    }

    /// The ordinal after `#`, read as Java's `Integer.parseInt`, when it is 1–5.
    private func javaOrdinal(from i: Int) -> Int? {
        var j = i
        var negative = false
        if j < s.count && (s[j] == ch("+") || s[j] == ch("-")) {
            negative = s[j] == ch("-")
            j += 1
        }
        guard j < s.count else { return nil }
        var value = 0
        while j < s.count {
            guard s[j] >= ch("0") && s[j] <= ch("9") else { return nil }
            value = min(value * 10 + Int(s[j] - ch("0")), 1_000)
            j += 1
        }
        return !negative && (1...5).contains(value) ? value : nil
    }

    /// `?`, allowed only in the two day fields.
    func parseUnspecified(into state: inout CronParseState) throws(CronError) {
        // Quartz accepts one character of any kind after '?' and rejects longer text.
        if s.count > 2 {
            throw CronError(.syntax, field: field, text: text, reason: "has unexpected characters after '?'")
        }
        switch field {
        case .dayOfMonth: state.dayOfMonthUnspecified = true
        case .dayOfWeek: state.dayOfWeekUnspecified = true
        default:
            throw CronError(.misplacedSpecial, field: field, text: text,
                            reason: "uses '?', which only day-of-month and day-of-week allow")
        }
    }

    /// `*`, `*/n` and `/n`.
    func parseAll(into state: inout CronParseState) throws(CronError) {
        if s.count == 1 && s[0] == ch("*") {
            try state.add(nil, end: nil, step: 1, field: field, text: text)
            return
        }
        if s[0] == ch("/") && s.count < 2 {
            throw CronError(.syntax, field: field, text: text, reason: "needs an integer after '/'")
        }
        let i = s[0] == ch("*") ? 1 : 0
        guard s[i] == ch("/") else {
            // Quartz ignores what follows '*', except that rule 3 rejects '*W' in day-of-month.
            if s[i] == ch("W") && field == .dayOfMonth {
                throw CronError(.misplacedSpecial, field: field, text: text, reason: "cannot use 'W' with '*'")
            }
            try state.add(nil, end: nil, step: 1, field: field, text: text)
            return
        }
        guard i + 1 < s.count else {
            throw CronError(.syntax, field: field, text: text, reason: "needs an integer after '/'")
        }
        guard let step = javaStep(from: i + 1) else {
            throw CronError(.syntax, field: field, text: text, reason: "needs an integer after '/'")
        }
        if step > 0, let limit = stepLimit, step > limit {
            throw CronError(.invalidStep, field: field, text: text, reason: "has step \(step) larger than \(limit)")
        }
        try state.add(nil, end: nil, step: step, field: field, text: text)
    }

    private var stepLimit: Int? {
        switch field {
        case .second, .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        case .year: nil
        }
    }

    /// The rest of the element from `i` as Java's `Integer.parseInt` reads it.
    private func javaStep(from i: Int) -> Int? {
        var j = i
        var negative = false
        if s[j] == ch("+") || s[j] == ch("-") {
            negative = s[j] == ch("-")
            j += 1
        }
        guard j < s.count else { return nil }
        var value = 0
        while j < s.count {
            guard s[j] >= ch("0") && s[j] <= ch("9") else { return nil }
            value = value * 10 + Int(s[j] - ch("0"))
            if value > Int(Int32.max) + 1 { return nil }
            j += 1
        }
        if !negative && value > Int(Int32.max) { return nil }
        return negative ? -value : value
    }

    /// `L`, `LW`, `L-n` and `L-nW`.
    func parseLast(into state: inout CronParseState) throws(CronError) {
        switch field {
        case .dayOfWeek:
            // Quartz reads any of these forms in day-of-week as 7 (Saturday).
            try state.add(7, end: nil, step: nil, field: field, text: text)
        case .dayOfMonth:
            state.lastDayOfMonth = true
            var i = 1
            if i < s.count && s[i] == ch("-") {
                guard i + 1 < s.count else {
                    throw CronError(.syntax, field: field, text: text, reason: "needs an offset after 'L-'")
                }
                var offset = 0
                i += 1
                while i < s.count && s[i] >= ch("0") && s[i] <= ch("9") {
                    offset = min(offset * 10 + Int(s[i] - ch("0")), 1_000_000)
                    i += 1
                }
                if offset > 30 {
                    throw CronError(.outOfRange, field: field, text: text,
                                    reason: "has offset \(offset) from the last day; it must be at most 30")
                }
                state.lastDayOffset = offset
            }
            if i < s.count && s[i] == ch("W") { state.nearestWeekday = true }
        default:
            throw CronError(.misplacedSpecial, field: field, text: text,
                            reason: "uses 'L', which only day-of-month and day-of-week allow")
        }
    }
}

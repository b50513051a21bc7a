/// Reads the text of a cron expression into a ``CronSchedule``.
///
/// Splits the expression the way Quartz 2.3.2 does (fields separated by
/// spaces and tabs, the whole text upper-cased, each field trimmed and split
/// on commas), hands every list element to ``CronElementParser`` and then
/// applies the checks that concern a whole field or expression: `L` and `#`
/// in lists, `W` in lists (rule 3), six or seven fields, and exactly one `?`
/// among the two day fields.
struct CronParser {
    /// The expression as written.
    let text: String

    /// Parses ``text`` into a schedule, or throws the first error found.
    func parse() throws(CronError) -> CronSchedule {
        let (upper, original) = Self.units(of: text)
        let tokens = Self.fields(upper)
        // The tokens as written share the upper-cased tokens' positions (ASCII text).
        let originalTokens = original.map { units in tokens.map { units[$0.indices] } }
        if tokens.count < 6 || tokens.count > 7 {
            throw CronError(.fieldCount, subject: "expression", text: text,
                            reason: "has \(tokens.count) field\(tokens.count == 1 ? "" : "s"); expected 6 or 7 (second minute hour day-of-month month day-of-week [year])")
        }
        var state = CronParseState()
        for (index, token) in tokens.enumerated() {
            guard let field = CronField(rawValue: index) else { break }
            let shown = originalTokens?[index] ?? token
            try parseField(token, shown: shown, field: field, into: &state)
        }
        if tokens.count == 6 {
            state.years = CronYearSet.all
        }
        if state.dayOfMonthUnspecified == state.dayOfWeekUnspecified {
            let dom = Self.string(originalTokens?[3] ?? tokens[3])
            let dow = Self.string(originalTokens?[5] ?? tokens[5])
            throw CronError(.dayFields, subject: "day fields", text: "\(dom) \(dow)",
                            reason: state.dayOfMonthUnspecified
                                ? "use '?' twice; exactly one of day-of-month and day-of-week must be '?'"
                                : "set both days; exactly one of day-of-month and day-of-week must be '?'")
        }
        return CronSchedule(state)
    }

    /// The upper-cased UTF-16 units, and the original units when they line up one to one.
    private static func units(of text: String) -> ([UInt16], [UInt16]?) {
        var ascii = true
        var upper: [UInt16] = []
        upper.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            upper.append(UInt16(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte))
        }
        if ascii { return (upper, Array(text.utf16)) }
        return (Array(text.uppercased().utf16), nil)
    }

    /// Quartz's `StringTokenizer(expression, " \t")` followed by `trim()` on each token.
    private static func fields(_ units: [UInt16]) -> [ArraySlice<UInt16>] {
        var result: [ArraySlice<UInt16>] = []
        var i = 0
        while i < units.count {
            while i < units.count && (units[i] == 0x20 || units[i] == 0x09) { i += 1 }
            if i >= units.count { break }
            let start = i
            while i < units.count && units[i] != 0x20 && units[i] != 0x09 { i += 1 }
            var lo = start
            var hi = i
            while lo < hi && units[lo] <= 0x20 { lo += 1 }
            while hi > lo && units[hi - 1] <= 0x20 { hi -= 1 }
            result.append(units[lo..<hi])
        }
        return result
    }

    private static func string(_ units: ArraySlice<UInt16>) -> String {
        String(decoding: units, as: UTF16.self)
    }

    private static func contains(_ units: ArraySlice<UInt16>, _ scalar: Unicode.Scalar) -> Bool {
        units.contains(UInt16(scalar.value))
    }

    /// Checks one field as a whole, then parses its list elements.
    private func parseField(
        _ token: ArraySlice<UInt16>, shown: ArraySlice<UInt16>, field: CronField, into state: inout CronParseState
    ) throws(CronError) {
        var fieldText: String { Self.string(shown) }
        if token.isEmpty {
            throw CronError(.emptyElement, field: field, text: fieldText, reason: "is an empty field")
        }
        let isList = Self.contains(token, ",")
        if isList && (field == .dayOfMonth || field == .dayOfWeek) && Self.contains(token, "L") {
            throw CronError(.misplacedSpecial, field: field, text: fieldText,
                            reason: "cannot use 'L' in a list")
        }
        if isList && field == .dayOfWeek && Self.contains(token, "#") {
            throw CronError(.misplacedSpecial, field: field, text: fieldText,
                            reason: "cannot use '#' in a list")
        }
        if isList && field == .dayOfMonth && Self.contains(token, "W") {
            throw CronError(.misplacedSpecial, field: field, text: fieldText,
                            reason: "cannot use 'W' in a list")
        }
        let comma = UInt16(UInt8(ascii: ","))
        var start = token.startIndex
        while true {
            let end = token[start...].firstIndex(of: comma) ?? token.endIndex
            let element = token[start..<end]
            let written = shown[(start - token.startIndex + shown.startIndex)...].prefix(end - start)
            if element.isEmpty {
                throw CronError(.emptyElement, field: field, text: fieldText,
                                reason: "has an empty list element")
            }
            let parser = CronElementParser(units: element, written: written, field: field)
            try parser.parse(into: &state)
            if end == token.endIndex { break }
            start = token.index(after: end)
        }
    }
}

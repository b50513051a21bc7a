import TestSupport

/// Generates cron expressions of the ordinary and special forms, for property and differential tests.
///
/// Every generated expression is one the engine accepts and reads as Quartz
/// does (no steps after names, no `nW` for days that some months lack).
struct ExpressionGenerator {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func timeField(max: Int, dense: Bool) -> String {
        let a = random.int(0...max)
        let b = random.int(0...max)
        switch random.int(0...9) {
        case 0: return "*"
        case 1: return "*/\(random.int(1...(max / 2)))"
        case 2: return "\(a)/\(random.int(1...max))"
        case 3: return "\(min(a, b))-\(Swift.max(a, b))"
        case 4: return "\(min(a, b))-\(Swift.max(a, b))/\(random.int(1...9))"
        case 5: return "\(a),\(b),\(random.int(0...max))"
        case 6: return "\(Swift.max(a, b))-\(min(a, b))"
        case 7: return dense ? "*" : "\(a)"
        default: return "\(a)"
        }
    }

    private static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let longMonths = ["JANUARY", "February", "march", "AUGUST", "december"]
    private static let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    private static let longDays = ["MONDAY", "friday", "Sunday", "SATURDAY", "wednesday"]

    private mutating func monthField() -> String {
        let a = random.int(1...12)
        let b = random.int(1...12)
        switch random.int(0...11) {
        case 0, 1, 2: return "*"
        case 3: return "\(a)"
        case 4: return "\(min(a, b))-\(Swift.max(a, b))"
        case 5: return "\(Self.months[a - 1])-\(Self.months[b - 1])"
        case 6: return "\(Self.months[a - 1].lowercased()),\(Self.months[b - 1])"
        case 7: return "\(a)/\(random.int(1...6))"
        case 8: return "*/\(random.int(1...5))"
        case 9: return random.pick(Self.longMonths)
        case 10: return "\(Swift.max(a, b))-\(min(a, b))"
        default: return Self.months[a - 1]
        }
    }

    private mutating func dayOfMonthField() -> String {
        let a = random.int(1...31)
        let b = random.int(1...31)
        switch random.int(0...12) {
        case 0, 1: return "*"
        case 2: return "\(a)"
        case 3: return "\(min(a, b))-\(Swift.max(a, b))"
        case 4: return "\(a),\(b)"
        case 5: return "\(a)/\(random.int(1...10))"
        case 6: return "L"
        case 7: return "L-\(random.int(0...30))"
        case 8: return "LW"
        case 9: return "L-\(random.int(0...27))W"
        case 10: return "\(random.int(1...28))W"
        case 11: return "\(Swift.max(a, b))-\(min(a, b))"
        default: return "*/\(random.int(1...10))"
        }
    }

    private mutating func dayOfWeekField() -> String {
        let a = random.int(1...7)
        let b = random.int(1...7)
        switch random.int(0...12) {
        case 0: return "*"
        case 1: return "\(a)"
        case 2: return "MON-FRI"
        case 3: return "\(Self.days[a - 1])-\(Self.days[b - 1])"
        case 4: return "\(Self.days[a - 1]),\(Self.days[b - 1].lowercased())"
        case 5: return "\(a)L"
        case 6: return "\(a)#\(random.int(1...5))"
        case 7: return "\(Self.days[a - 1])#\(random.int(1...5))"
        case 8: return "L"
        case 9: return "\(min(a, b))-\(Swift.max(a, b))"
        case 10: return "\(a)/\(random.int(1...3))"
        case 11: return random.pick(Self.longDays)
        default: return "\(Self.days[a - 1])L"
        }
    }

    private mutating func yearField() -> String? {
        let a = random.int(1995...2095)
        switch random.int(0...9) {
        case 0: return "*"
        case 1: return "\(a)"
        case 2: return "\(a)-\(a + random.int(0...4))"
        case 3: return "\(a)/\(random.int(1...20))"
        case 4: return "\(a),\(a + 2)"
        default: return nil
        }
    }

    /// One random expression.
    mutating func next() -> String {
        let dense = random.chance(0.2)
        var fields = [
            timeField(max: 59, dense: dense),
            timeField(max: 59, dense: dense),
            timeField(max: 23, dense: dense),
        ]
        if random.chance(0.5) {
            fields += [dayOfMonthField(), monthField(), "?"]
        } else {
            fields += ["?", monthField(), dayOfWeekField()]
        }
        if let year = yearField() { fields.append(year) }
        return fields.joined(separator: " ")
    }
}

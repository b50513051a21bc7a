import Foundation
import Testing
@testable import ShardedJobsCron

/// Every form rule 3 rejects (and the usual malformed ones) gives an error
/// naming the field, the offending text and the reason.
@Suite("Rejected expressions")
struct RejectionTests {
    typealias Case = (expression: String, message: String)

    static let ruleThree: [Case] = [
        ("*/0 * * * * ?", #"second: "*/0" has step 0; a step must be at least 1"#),
        ("0 5/0 * * * ?", #"minute: "5/0" has step 0; a step must be at least 1"#),
        ("0 0 1-5/0 * * ?", #"hour: "1-5/0" has step 0; a step must be at least 1"#),
        ("0 0 0 ? * MON/0", #"day-of-week: "MON/0" has step 0; a step must be at least 1"#),
        ("*/-1 * * * * ?", #"second: "*/-1" has step -1; a step must be at least 1"#),
        ("0 0 12 1-15W * ?", #"day-of-month: "1-15W" cannot use 'W' with a range"#),
        ("0 0 12 1W,15W * ?", #"day-of-month: "1W,15W" cannot use 'W' in a list"#),
        ("0 0 12 1/15W * ?", #"day-of-month: "1/15W" cannot use 'W' with a step"#),
        ("0 0 12 *W * ?", #"day-of-month: "*W" cannot use 'W' with '*'"#),
        ("0 0 12 0W * ?", #"day-of-month: "0W" has day 0 out of range 1-31 before 'W'"#),
        ("0 0 12 15W/2 * ?", #"day-of-month: "15W/2" cannot use a step with 'W'"#),
        ("0 0 L * * ?", #"hour: "L" uses 'L', which only day-of-month and day-of-week allow"#),
        ("L 0 0 * * ?", #"second: "L" uses 'L', which only day-of-month and day-of-week allow"#),
        ("0 0 0 ? L *", #"month: "L" uses 'L', which only day-of-month and day-of-week allow"#),
        ("0 0 0 * * ? L", #"year: "L" uses 'L', which only day-of-month and day-of-week allow"#),
        ("0 0 0 ? * 2#1,3", #"day-of-week: "2#1,3" cannot use '#' in a list"#),
        ("0 0 0 ? * 8#1", #"day-of-week: "8#1" has weekday 8 out of range 1-7 before '#'"#),
        ("0 0 0 ? * 0#2", #"day-of-week: "0#2" has weekday 0 out of range 1-7 before '#'"#),
        ("0 0 0 ? * 2#6", #"day-of-week: "2#6" needs an ordinal 1-5 after '#'"#),
        ("0 0 0 ? * 2#0", #"day-of-week: "2#0" needs an ordinal 1-5 after '#'"#),
        ("0 0 0 1,,2 * ?", #"day-of-month: "1,,2" has an empty list element"#),
        ("0 0 0 1, * ?", #"day-of-month: "1," has an empty list element"#),
        ("0,,30 0 0 * * ?", #"second: "0,,30" has an empty list element"#),
        ("0 0 0 1 1 ? 1969", #"year: "1969" is out of range 1970-2099"#),
        ("0 0 0 1 1 ? 2100", #"year: "2100" is out of range 1970-2099"#),
        ("0 0 0 1 1 ? 2020-2100", #"year: "2020-2100" has range end 2100 out of range 1970-2099"#),
        ("0 0 12 * * ? 2024 x", #"expression: "0 0 12 * * ? 2024 x" has 8 fields; expected 6 or 7 (second minute hour day-of-month month day-of-week [year])"#),
        ("0 0 0 99 * ?", #"day-of-month: "99" is out of range 1-31"#),
    ]

    static let malformed: [Case] = [
        ("0 0 12 32 * ?", #"day-of-month: "32" is out of range 1-31"#),
        ("0 0 12 * * MON", #"day fields: "* MON" set both days; exactly one of day-of-month and day-of-week must be '?'"#),
        ("* * * * * *", #"day fields: "* *" set both days; exactly one of day-of-month and day-of-week must be '?'"#),
        ("0 0 12 ? * ?", #"day fields: "? ?" use '?' twice; exactly one of day-of-month and day-of-week must be '?'"#),
        ("0 0 12", #"expression: "0 0 12" has 3 fields; expected 6 or 7 (second minute hour day-of-month month day-of-week [year])"#),
        ("60 * * * * ?", #"second: "60" is out of range 0-59"#),
        ("0 0 24 * * ?", #"hour: "24" is out of range 0-23"#),
        ("0 0 0 1 13 ?", #"month: "13" is out of range 1-12"#),
        ("0 0 0 ? * 0", #"day-of-week: "0" is out of range 1-7"#),
        ("0 0 0 1 FOO ?", #"month: "FOO" has no month name (JAN-DEC) at position 1"#),
        ("0 0 0 ? * mon-fox", #"day-of-week: "mon-fox" has no day name (SUN-SAT) at position 5"#),
        ("0 0 0 L-31 * ?", #"day-of-month: "L-31" has offset 31 from the last day; it must be at most 30"#),
        ("0 ? 0 * * ?", #"minute: "?" uses '?', which only day-of-month and day-of-week allow"#),
        ("*/60 * * * * ?", #"second: "*/60" has step 60 larger than 59"#),
        ("X 0 0 * * ?", #"second: "X" has letters, which this field does not allow"#),
        ("5- * * * * ?", #"second: "5-" needs a number after '-'"#),
        ("0 0 0 1 1 ? 2000-1990", #"year: "2000-1990" has a range whose end is before its start"#),
    ]

    @Test("rule 3: forms Quartz ignores or misreads are rejected", arguments: ruleThree)
    func ruleThreeForms(_ c: Case) {
        #expect(TestSupport.error(c.expression) == c.message)
    }

    @Test("malformed expressions", arguments: malformed)
    func malformedForms(_ c: Case) {
        #expect(TestSupport.error(c.expression) == c.message)
    }

    @Test("errors carry a code, the field and the text")
    func errorStructure() {
        do {
            _ = try CronExpression("0 0 12 32 * ?")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .outOfRange)
            #expect(error.field == .dayOfMonth)
            #expect(error.text == "32")
            #expect(error.reason == "is out of range 1-31")
        }
    }

    @Test("Quartz's lenient forms are accepted and read as Quartz reads them")
    func lenientForms() throws {
        // MONDAY reads as MON, JANUARY as JAN, lower case is fine, text after a value is ignored.
        #expect(try CronExpression("0 0 0 ? january monday").schedule == CronExpression("0 0 0 ? JAN MON").schedule)
        #expect(try CronExpression("5X 0 0 * * ?").schedule == CronExpression("5 0 0 * * ?").schedule)
        #expect(try CronExpression("0 0 0 ? * L").schedule == CronExpression("0 0 0 ? * 7").schedule)
        #expect(try CronExpression("0 0 0 L-W * ?").schedule == CronExpression("0 0 0 LW * ?").schedule)
        #expect(try CronExpression("0 0 22-2 * * ?").schedule.hours == 0b1100_0000_0000_0000_0000_0111)
        #expect(try CronExpression("0 0 0 ? * MON-FRI/2").schedule.days == .daysOfWeek(0b0101_0100))
        #expect(try CronExpression("  0\t0 0 * * ?  ").schedule == CronExpression("0 0 0 * * ?").schedule)
    }
}

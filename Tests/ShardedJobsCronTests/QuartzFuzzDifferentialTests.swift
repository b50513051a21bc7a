import Foundation
import Testing
@testable import ShardedJobsCron
import TestSupport

/// Compares which mutated and odd-looking expressions the engine and Quartz accept.
///
/// The engine must reject everything Quartz rejects; of what Quartz accepts
/// it may reject only the forms of rule 3; where both accept, the fire times
/// must agree (outside the other deliberate differences).
@Suite("Fuzz differential against Quartz", .tier(.server), .enabled(if: QuartzOracle.isAvailable,
    "skipped: needs java, javac and /usr/share/java/quartz2.jar (apt-get install libquartz2-java)"))
struct QuartzFuzzDifferentialTests {
    static let alphabet = Array("0123456789012345*/-,?LW#LW-/,MONFRIJANDECSATXl w")

    static func mutate(_ text: String, _ random: inout SeededRandom) -> String {
        var chars = Array(text)
        for _ in 0..<random.int(1...2) {
            let position = random.int(0...chars.count)
            switch random.int(0...2) {
            case 0: chars.insert(random.pick(alphabet), at: position)
            case 1: if position < chars.count { chars.remove(at: position) }
            default: if position < chars.count { chars[position] = random.pick(alphabet) }
            }
        }
        return String(chars)
    }

    /// Whether the expression uses a form rule 3 rejects on purpose (Quartz accepts or ignores it).
    static func isRuleThreeForm(_ text: String) -> Bool {
        let fields = text.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if fields.count > 7 { return true }
        func matches(_ field: String, _ pattern: String) -> Bool {
            field.range(of: pattern, options: .regularExpression) != nil
        }
        for (index, field) in fields.prefix(7).enumerated() {
            if matches(field, "/[+]?0+($|[^0-9])") || matches(field, "/-") { return true }
            if matches(field, "(^|,)(,|$)") || field.contains(",,") { return true }
            // Quartz takes 98 and 99 for its internal markers ('?' and '*'); the engine says out of range.
            if index != 6 && matches(field, "(^|[^0-9])0*(98|99)($|[^0-9])") { return true }
            if index == 6 && yearOutOfRange(field) { return true }
            if (index == 4 || index == 5) && matches(field, "[A-Z]{3}(-[A-Z]{3})?/[0-9]") { return true }
            if matches(field, "(L|W)/[0-9]") || (index == 3 && matches(field, "\\*W")) { return true }
            if index != 3 && index != 5 && matches(field, "(^|,)L") { return true }
            if field.unicodeScalars.contains(where: { $0.value < 0x20 }) { return true }
            if index == 3 && field.contains("W") && matches(field, "[-,/*]") && !matches(field, "^L-[0-9]*W$") { return true }
            if index == 3 && matches(field, "(^|,)0+W") { return true }
            if index == 5 && field.contains("#") && (field.contains(",") || matches(field, "(^|,)(0|[89]|[0-9]{2,})#")) { return true }
        }
        return false
    }

    /// Whether a year field has a value (not a step) outside 1970–2099.
    static func yearOutOfRange(_ field: String) -> Bool {
        for element in field.split(separator: ",") {
            let value = element.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
            for number in value.split(separator: "-") {
                let digits = number.prefix(while: { $0.isASCII && $0.isNumber })
                if let year = Int(digits.prefix(9)), !(1970...2099).contains(year) { return true }
            }
        }
        return false
    }

    /// Whether the expression is one where the engine and Quartz differ on purpose in fire times.
    static func isDeliberateDifference(_ text: String) -> Bool {
        let upper = text.uppercased()
        // Rule 3: steps after names; rule 4: nW for days some months lack.
        return upper.range(of: "[A-Z]{3}(-[A-Z]{3})?/[0-9]", options: .regularExpression) != nil
            || upper.range(of: "(^|[^0-9-])(29|3[0-9])W", options: .regularExpression) != nil
            || upper.range(of: "L-(2[89]|3[0-9])W", options: .regularExpression) != nil
    }

    @Test("mutated expressions: acceptance and fire times agree with Quartz", arguments: [UInt64(77), 78, 79])
    func mutatedExpressions(seed: UInt64) throws {
        var generator = ExpressionGenerator(seed: seed)
        var random = SeededRandom(seed: seed &* 31)
        var cases: [(String, String, Int64, Int)] = []
        for _ in 0..<4000 {
            var text = generator.next()
            if random.chance(0.9) { text = Self.mutate(text, &random) }
            let start = Int64(random.int(946_684_800...2_524_608_000)) * 1000
            cases.append((text, random.pick(["UTC", "Asia/Tokyo", "GMT+05:30"]), start, 3))
        }
        let answers = try QuartzOracle.answers(cases)
        var problems: [String] = []
        var bothAccepted = 0
        for (testCase, answer) in zip(cases, answers) {
            let (text, zone, start, count) = testCase
            let ours = try? CronExpression(text)
            switch answer {
            case .invalid:
                if ours != nil { problems.append("engine accepts, Quartz rejects: \(text)") }
            case .fires(let quartz):
                if ours == nil {
                    if !Self.isRuleThreeForm(text) { problems.append("engine rejects, Quartz accepts: \(text)") }
                } else if !Self.isDeliberateDifference(text) {
                    bothAccepted += 1
                    let result = QuartzDifferentialTests.compare(expression: text, zone: zone, start: start, quartz: quartz, count: count)
                    if let result { problems.append(result) }
                }
            case .error, .timeout:
                if ours != nil && !Self.isDeliberateDifference(text) {
                    problems.append("engine accepts, Quartz fails with \(answer): \(text)")
                }
            }
        }
        #expect(bothAccepted > 1000, "only \(bothAccepted) expressions accepted by both")
        #expect(problems.isEmpty, "seed \(seed), \(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
    }
}

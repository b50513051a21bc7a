import Foundation
import Testing
@testable import ShardedJobsCron
import TestSupport

/// Compares the engine with Quartz 2.3.2 itself on generated expressions.
///
/// Runs only where `java`, `javac` and `/usr/share/java/quartz2.jar`
/// (Debian `libquartz2-java`) exist. Results within two days of a UTC
/// offset change are not compared (rules 1 and 2 make the engine differ from
/// Quartz there on purpose), nor are fire times after 2099 (the engine's
/// horizon); the generator leaves out the other deliberate differences
/// (steps after names, `nW` for days some months lack, rejected forms).
@Suite("Differential against Quartz", .tier(.server), .enabled(if: QuartzOracle.isAvailable,
    "skipped: needs java, javac and /usr/share/java/quartz2.jar (apt-get install libquartz2-java)"))
struct QuartzDifferentialTests {
    static let zones = [
        "UTC", "GMT+05:30", "GMT-03:00", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
        "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo", "Europe/London", "Australia/Sydney",
    ]

    /// Whether an offset change lies within two days of any of `instants` (Unix seconds).
    static func nearTransition(_ instants: [Int64], zone: CronTimeZone) -> Bool {
        let table = zone.table
        let margin: Int64 = 2 * 86_400
        for instant in instants {
            let index = table.segment(containing: instant - margin)
            let next = index + 1 < table.starts.count ? table.starts[index + 1] : Int64.max
            if next <= instant + margin { return true }
        }
        return false
    }

    /// The last second of 2099 in local time, in Unix seconds.
    static func horizon(_ zone: CronTimeZone) -> Int64 {
        let local = CivilCalendar.localSeconds(year: 2099, month: 12, day: 31, hour: 23, minute: 59, second: 59)
        return local - zone.table.offset(at: local)
    }

    /// Compares one case; returns a description of the mismatch, or nil.
    static func compare(expression text: String, zone name: String, start: Int64, quartz: [Int64], count: Int) -> String? {
        compareCounting(expression: text, zone: name, start: start, quartz: quartz, count: count).mismatch
    }

    /// Compares one case; returns the mismatch (or nil) and how many fire times were compared equal.
    static func compareCounting(
        expression text: String, zone name: String, start: Int64, quartz: [Int64], count: Int
    ) -> (mismatch: String?, equal: Int) {
        guard let expression = try? CronExpression(text), let zone = try? CronTimeZone(name) else {
            return ("engine rejects \(text) in \(name)", 0)
        }
        var previous = start
        var cursor = start
        for index in 0..<count {
            let ours = expression.nextFireTime(afterEpochMilliseconds: cursor, in: zone)
            var theirs: Int64? = index < quartz.count ? quartz[index] : nil
            if let value = theirs, value / 1000 > horizon(zone) { theirs = nil }
            if ours == theirs {
                guard let ours else { return (nil, index + 1) }
                previous = ours
                cursor = ours
                continue
            }
            let instants = [previous / 1000] + [ours, theirs].compactMap { $0.map { $0 / 1000 } }
            if nearTransition(instants, zone: zone) { return (nil, index) }
            return ("\(text)\t\(name)\tstart \(start): fire #\(index + 1) engine \(ours.map(String.init) ?? "nil") Quartz \(theirs.map(String.init) ?? "nil")", index)
        }
        return (nil, count)
    }

    @Test("generated expressions fire at the same instants as Quartz", arguments: [UInt64(20_240_310), 1, 2, 3, 4])
    func generatedExpressions(seed: UInt64) throws {
        var generator = ExpressionGenerator(seed: seed)
        var random = SeededRandom(seed: seed ^ 0x5EED)
        var cases: [(String, String, Int64, Int)] = []
        for _ in 0..<3000 {
            let start = Int64(random.int(788_918_400...3_786_912_000)) * 1000
            cases.append((generator.next(), random.pick(Self.zones), start, 5))
        }
        let answers = try QuartzOracle.answers(cases)
        var mismatches: [String] = []
        var compared = 0
        var equalFires = 0
        for (testCase, answer) in zip(cases, answers) {
            let (text, zone, start, count) = testCase
            guard case .fires(let quartz) = answer else {
                mismatches.append("Quartz answered \(answer) for \(text) (seed \(seed))")
                continue
            }
            compared += 1
            let (mismatch, equal) = Self.compareCounting(expression: text, zone: zone, start: start, quartz: quartz, count: count)
            equalFires += equal
            if let mismatch { mismatches.append(mismatch) }
        }
        #expect(compared == cases.count)
        // Most fire times are far from DST changes and must have been compared.
        #expect(equalFires > cases.count * 5 * 8 / 10, "only \(equalFires) fire times compared equal")
        #expect(mismatches.isEmpty, "seed \(seed), \(mismatches.count) mismatches:\n\(mismatches.prefix(30).joined(separator: "\n"))")
    }
}

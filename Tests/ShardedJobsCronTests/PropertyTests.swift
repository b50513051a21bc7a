import Foundation
import Testing
@testable import ShardedJobsCron
import TestSupport

/// Property-based tests with seeded randomness: fire times strictly increase
/// and match the expression, and a brute-force second-by-second search over
/// random windows (some around DST changes) finds exactly the engine's fire
/// times. A failure message names the seed to reproduce it.
@Suite("Properties")
struct PropertyTests {
    static let zones = [
        "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kolkata",
        "GMT+05:30",
    ]

    /// A reference for "is `t` a fire time", written from the rules rather than from the search:
    /// wall-clock fields from Foundation's Calendar, rule 2 from the segment's offsets, rule 1 by
    /// scanning the gap's wall times.
    struct Reference {
        let expression: CronExpression
        let zone: CronTimeZone
        let calendar: Calendar

        init(_ expression: CronExpression, _ zone: CronTimeZone) {
            self.expression = expression
            self.zone = zone
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone.timeZone
            self.calendar = calendar
        }

        func matches(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Bool {
            let s = expression.schedule
            return s.years.contains(year) && s.months & (1 << UInt16(month)) != 0
                && s.days.days(year: year, month: month) & (1 << UInt32(day)) != 0
                && s.hours & (1 << UInt32(hour)) != 0 && s.minutes & (1 << UInt64(minute)) != 0
                && s.seconds & (1 << UInt64(second)) != 0
        }

        func isFire(_ t: Int64) -> Bool {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: Double(t)))
            guard let y = c.year, let mo = c.month, let d = c.day, let h = c.hour, let mi = c.minute, let s = c.second else {
                return false
            }
            let table = zone.table
            let index = table.segment(containing: t)
            let offset = Int64(table.offsets[index])
            let start = table.starts[index]
            let previous = index > 0 ? Int64(table.offsets[index - 1]) : offset
            if matches(year: y, month: mo, day: d, hour: h, minute: mi, second: s) {
                let secondPass = previous > offset && t + offset < start + previous
                return !secondPass || expression.schedule.allHours
            }
            if t == start && previous < offset {
                var wall = start + previous
                while wall < start + offset {
                    let f = CivilCalendar.fields(localSeconds: wall)
                    if matches(year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second) {
                        return true
                    }
                    wall += 1
                }
            }
            return false
        }
    }

    @Test("fire times strictly increase and each matches the expression", arguments: [UInt64(1), 2])
    func increasingAndMatching(seed: UInt64) throws {
        var generator = ExpressionGenerator(seed: seed)
        var random = SeededRandom(seed: seed &+ 1000)
        for _ in 0..<150 {
            let text = generator.next()
            let zone = try CronTimeZone(random.pick(Self.zones))
            let cron = try CronExpression(text)
            let reference = Reference(cron, zone)
            var previous = Int64(random.int(946_684_800...3_786_912_000))
            for _ in 0..<15 {
                guard let next = cron.nextFireTime(afterEpochMilliseconds: previous * 1000, in: zone).map({ $0 / 1000 }) else { break }
                #expect(next > previous, "seed \(seed): \(text) in \(zone): \(next) after \(previous)")
                #expect(reference.isFire(next), "seed \(seed): \(text) in \(zone): \(next) is not a fire time")
                previous = next
            }
        }
    }

    @Test("a brute-force search over random windows finds exactly the engine's fire times", arguments: [UInt64(7), 8, 9])
    func bruteForceWindows(seed: UInt64) throws {
        var generator = ExpressionGenerator(seed: seed)
        var random = SeededRandom(seed: seed &* 7919)
        for round in 0..<60 {
            var text = generator.next()
            if round % 2 == 0 {
                // Around offset changes, let every hour of every day match so that gaps and overlaps hold fire times.
                var fields = text.split(separator: " ").map(String.init)
                fields[2] = round % 4 == 0 ? "*" : "0-23"
                fields[3] = "*"
                fields[4] = "*"
                fields[5] = "?"
                fields = Array(fields.prefix(6))
                if round % 4 == 2 {
                    // Hourly: one fire per hour, the case where a gap's match is easiest to lose.
                    fields[0] = "\(random.int(0...59))"
                    fields[1] = "\(random.int(0...59))"
                }
                text = fields.joined(separator: " ")
            }
            let zone = try CronTimeZone(random.pick(Self.zones))
            let cron = try CronExpression(text)
            let reference = Reference(cron, zone)
            let table = zone.table
            var windowStart = Int64(random.int(946_684_800...3_786_912_000))
            if round % 2 == 0 && table.starts.count > 2 {
                // Half the windows straddle a UTC offset change.
                let transition = table.starts[random.int(1...(table.starts.count - 1))]
                windowStart = transition - Int64(random.int(0...5400))
            }
            let length: Int64 = 7200
            var expected: [Int64] = []
            for t in (windowStart + 1)...(windowStart + length) where reference.isFire(t) { expected.append(t) }
            var engine: [Int64] = []
            var cursor = windowStart
            while let next = cron.nextFireTime(afterEpochMilliseconds: cursor * 1000, in: zone).map({ $0 / 1000 }),
                  next <= windowStart + length {
                engine.append(next)
                cursor = next
            }
            #expect(engine == expected, "seed \(seed) round \(round): \(text) in \(zone) from \(windowStart)")
        }
    }

    @Test("random garbage never crashes or hangs the parser or the search", arguments: [UInt64(99)])
    func garbage(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var generator = ExpressionGenerator(seed: seed)
        let alphabet = Array("0123456789 *?/-,#LWlw\tMONJANDECFRIXYZ$é\u{0}\u{7F}+_.:")
        var accepted = 0
        for index in 0..<5000 {
            var text = ""
            let length = random.int(0...40)
            if index % 3 == 0 {
                // Valid expressions with one or two characters changed.
                text = QuartzFuzzDifferentialTests.mutate(generator.next(), &random)
            } else if index % 3 == 1 {
                // Valid-looking skeletons with random fields.
                var fields: [String] = []
                for _ in 0..<random.int(5...8) {
                    fields.append(String((0..<random.int(1...6)).map { _ in random.pick(alphabet) }))
                }
                text = fields.joined(separator: " ")
            } else {
                for _ in 0..<length { text.append(random.pick(alphabet)) }
            }
            if let cron = try? CronExpression(text) {
                accepted += 1
                let start = Int64(random.int(-2_000_000_000...5_000_000_000)) * 1000
                var cursor = start
                for _ in 0..<3 {
                    guard let next = cron.nextFireTime(afterEpochMilliseconds: cursor, in: .utc) else { break }
                    #expect(next > cursor, "seed \(seed): \(text)")
                    cursor = next
                }
            }
            _ = try? CronTimeZone(text)
            _ = try? CronTimeFormat.date(fromISO8601: text, in: .utc)
            var batch = CronBatch()
            _ = batch.run(line: text)
        }
        #expect(accepted > 0)
        // Extreme instants.
        let cron = try CronExpression("* * * * * ?")
        #expect(cron.nextFireTime(afterEpochMilliseconds: Int64.max, in: .utc) == nil)
        #expect(cron.nextFireTime(afterEpochMilliseconds: Int64.min, in: .utc) == 0)
        #expect(cron.nextFireTime(after: .distantFuture, in: .utc) == nil)
    }
}

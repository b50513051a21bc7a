import Testing
import ShardedJobs

/// Durations written as text (`500ms`, `30s`, `5m`, `2h`), as `sharded-worker` takes them.
@Suite("Duration text")
struct DurationTextTests {
    @Test("each unit reads as its duration and writes back the same")
    func units() throws {
        let cases: [(String, Duration)] = [
            ("500ms", .milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)),
            ("0s", .zero), (" 15s ", .seconds(15)),
        ]
        for (text, duration) in cases {
            #expect(try DurationText.parse(text) == duration, "\(text)")
        }
        #expect(DurationText.format(.milliseconds(1500)) == "1500ms")
        #expect(DurationText.format(.seconds(90)) == "90s")
        #expect(DurationText.format(.seconds(300)) == "5m")
        #expect(DurationText.format(.seconds(7200)) == "2h")
        #expect(DurationText.format(.zero) == "0ms")
        for duration: Duration in [.milliseconds(250), .seconds(45), .seconds(600), .seconds(36_000)] {
            #expect(try DurationText.parse(DurationText.format(duration)) == duration)
        }
    }

    @Test("a text without a unit, with a fraction, a sign, a space or an unknown unit is refused, naming it")
    func refused() {
        for text in ["15", "1.5s", "-3s", "+3s", "3 s", "3d", "ms", "", "s10", "10sec", "99999999999999999999h"] {
            let error = #expect(throws: DurationText.ParseError.self) { try DurationText.parse(text) }
            #expect(error?.text == text)
            #expect(error?.description.contains("500ms, 30s, 5m or 2h") == true)
        }
    }
}

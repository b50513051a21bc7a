import Foundation
import Testing
import TestSupport

/// The `exec-checker` executable: the old single-job options, per-job `JOB=VALUE` settings,
/// the new options, and its usage errors (exit 64). It runs as a child process, so the suite is
/// in the server tier.
@Suite("exec-checker command line", .tier(.server))
struct CommandLineTests {
    /// Writes `lines` to a log file in a fresh directory and runs `exec-checker` on it with
    /// `--from base --to base + 10 s --work-ms 500` and `arguments`.
    static func run(_ arguments: [String], lines: [String]) async throws -> ExecutableRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exec-checker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("test.log")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
        let window = ["--from", "\(TestLog.base)", "--to", "\(TestLog.base + 10_000)", "--work-ms", "500"]
        return try await ExecutableRun.run(try builtExecutable("exec-checker"), window + arguments + [log.path])
    }

    @Test("the single-job options of before still work, and the summary starts with DESIGN 10's counts")
    func singleJob() async throws {
        let clean = try await Self.run(["--period-ms", "1000", "--items", "3", "--job", "sync"], lines: TestLog.clean())
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        let lines = TestLog.clean() + [TestLog.exec("w2", item: 1, fire: 3, source: "FAILOVER", start: TestLog.fire(5))]
        let duplicate = try await Self.run(["--period-ms", "1000", "--items", "3"], lines: lines)
        #expect(duplicate.status == 1 && duplicate.summary.hasPrefix("item-fires checked 24, duplicates 1, lost 0,"), "\(duplicate)")
        let killed = try await Self.run(
            ["--period-ms", "1000", "--items", "3", "--kill", "w1@\(TestLog.fire(3) + 502 + 200)"], lines: lines)
        #expect(killed.status == 0 && killed.summary.contains("excused 1"), "\(killed)")
        let cut = try await Self.run(
            ["--period-ms", "1000", "--items", "3", "--cut", "w1@\(TestLog.fire(3) + 2)"], lines: lines)
        #expect(cut.status == 0 && cut.output.contains("w1 cut at"), "\(cut)")
    }

    @Test("per-job schedules and item counts: JOB=VALUE wins over the default")
    func perJob() async throws {
        let lines = TestLog.clean(job: "a", missing: [(4, 1)])
            + [1, 3, 7, 9].flatMap { k in [0, 1].map { TestLog.exec("w2", item: $0, fire: k, job: "b") } }
        let run = try await Self.run(
            ["--period-ms", "1000", "--period-ms", "b=2000", "--phase-ms", "b=1000", "--items", "3", "--items", "b=2"],
            lines: lines)
        #expect(run.status == 1)
        #expect(run.summary == "item-fires checked 30, duplicates 0, lost 3, excused 0, violations 0, failed 0, skipped 0", "\(run)")
    }

    @Test("--allow-skip, --forbid, --fail-off-schedule and --depends-on")
    func rules() async throws {
        let skipped = TestLog.clean(missing: [(5, 1)]) + [TestLog.skip("w1", item: 1, from: 5, to: 5, reason: "window")]
        let refused = try await Self.run(["--period-ms", "1000", "--items", "3"], lines: skipped)
        #expect(refused.status == 1 && refused.output.contains("disallowed SKIP"), "\(refused)")
        let allowed = try await Self.run(["--period-ms", "1000", "--items", "3", "--allow-skip", "sync=window,skip"], lines: skipped)
        #expect(allowed.status == 0 && allowed.summary.hasSuffix("skipped 1"), "\(allowed)")

        let forbidden = try await Self.run(
            ["--period-ms", "1000", "--items", "3", "--forbid", "sync:2@\(TestLog.fire(4))-\(TestLog.fire(4))"], lines: TestLog.clean())
        #expect(forbidden.status == 1 && forbidden.summary.contains("violations 1"), "\(forbidden)")

        let trigger = TestLog.clean() + [TestLog.exec("w1", item: 0, fire: 0, scheduled: TestLog.fire(4) + 5)]
        let lenient = try await Self.run(["--period-ms", "1000", "--items", "3"], lines: trigger)
        #expect(lenient.status == 0, "\(lenient)")
        let strict = try await Self.run(["--period-ms", "1000", "--items", "3", "--fail-off-schedule"], lines: trigger)
        #expect(strict.status == 1 && strict.output.contains("off-schedule execution ("), "\(strict)")

        let dependent = TestLog.clean(job: "up") + (0...7).map {
            TestLog.exec("w2", item: 0, fire: $0, job: "down", source: "DEPENDENT:d\($0)", start: TestLog.fire($0) + 600)
        }
        let owed = try await Self.run(
            ["--period-ms", "1000", "--items", "3", "--items", "down=1", "--depends-on", "down=up", "--job", "up", "--job", "down"],
            lines: dependent)
        #expect(owed.status == 1 && owed.output.contains("owed fires of dependent jobs: down 11"), "\(owed)")
        #expect(owed.output.contains("lost: 1\n  job down fire \(TestLog.fire(8)) item 0\n"), "\(owed)")
    }

    @Test("usage errors exit 64 with a message naming the problem", arguments: [
        (["--period-ms", "1000", "--items", "3"], "EXEC w9 0 1700000004000 1700000004001 1700000004501 sync SOMETIMES",
         "test.log:34: unknown source 'SOMETIMES'"),
        (["--items", "3"], "", "job 'sync' has no schedule"),
        (["--period-ms", "1000"], "", "job 'sync' has no item count"),
        (["--period-ms", "1000", "--items", "3", "--items", "ghost=2"], "", "--items names job 'ghost', which is not checked"),
        (["--period-ms", "1000", "--items", "3", "--forbid", "1"], "", "bad forbidden fires '1'"),
        (["--period-ms", "1000", "--items", "3", "--allow-skip", "sync=sometimes"], "", "bad value 'sync=sometimes'"),
        (["--period-ms", "sync=1000", "--items", "3", "--depends-on", "sync=other"], "",
         "job 'sync' depends on other jobs: it takes no --period-ms"),
        (["--period-ms", "1000", "--items", "3", "--depends-on", "sync=other"], "",
         "job 'sync' depends on 'other', which is not checked"),
    ])
    func usageErrors(_ arguments: [String], _ extra: String, _ message: String) async throws {
        let run = try await Self.run(arguments, lines: TestLog.clean() + (extra.isEmpty ? [] : [extra]))
        #expect(run.status == 64, "\(run)")
        #expect(run.error.contains(message), "\(run)")
    }
}

extension ExecutableRun {
    /// The last line of standard output: the checker's summary.
    fileprivate var summary: String { output.split(separator: "\n").last.map(String.init) ?? "" }
}

import Foundation
import ArgumentParser
import ExecutionChecker

/// The value formats of exec-checker's options and input files.
///
/// Every parser throws a `ValidationError` naming the offending text, so a bad value is a
/// usage error (exit 64) with a clear message.
enum OptionFormats {
    /// `TAG@MS`: a worker tag and its kill time in epoch milliseconds (the tag is everything
    /// before the last `@`).
    static func kill(_ text: String) throws -> CheckConfiguration.Kill {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex,
              let time = Int64(text[text.index(after: at)...])
        else { throw ValidationError("bad kill '\(text)': expected TAG@EPOCH_MS") }
        return CheckConfiguration.Kill(tag: String(text[..<at]), time: time)
    }

    /// `FROM-TO`: an inclusive range of epoch milliseconds.
    static func range(_ text: String) throws -> ClosedRange<Int64> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int64(parts[0]), let to = Int64(parts[1]), from <= to
        else { throw ValidationError("bad range '\(text)': expected FROM-TO in epoch ms, FROM ≤ TO") }
        return from...to
    }

    /// `[JOB:]ITEMS[@FROM-TO]`: a comma-separated list of items, optionally of one job only and
    /// only for the fires in a range.
    static func disabled(_ text: String) throws -> DisabledOption {
        var rest = Substring(text)
        var job: String?
        if let colon = rest.lastIndex(of: ":") {
            job = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var fires: ClosedRange<Int64>?
        if let at = rest.firstIndex(of: "@") {
            fires = try range(String(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        let items = rest.split(separator: ",").map { Int($0) }
        guard !items.isEmpty, job != "" else {
            throw ValidationError("bad disabled items '\(text)': expected [JOB:]ITEM,ITEM…[@FROM-TO]")
        }
        var checked: [Int] = []
        for item in items {
            guard let item, item >= 0 else {
                throw ValidationError("bad disabled items '\(text)': items are numbers ≥ 0")
            }
            checked.append(item)
        }
        return DisabledOption(job: job, items: checked, fires: fires)
    }

    /// The lines of a kills file: `TAG@MS` or `TAG MS` per line; blank lines and `#` comments
    /// are skipped.
    static func kills(fileText: String, file: String) throws -> [CheckConfiguration.Kill] {
        var kills: [CheckConfiguration.Kill] = []
        for (number, line) in lines(fileText) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            do {
                if fields.count == 2, let time = Int64(fields[1]) {
                    kills.append(.init(tag: String(fields[0]), time: time))
                } else {
                    kills.append(try kill(line))
                }
            } catch {
                throw ValidationError("\(file):\(number): \(error)")
            }
        }
        return kills
    }

    /// The fire times of a fires file: epoch milliseconds separated by spaces, commas or line
    /// breaks; a line `FIRE <ms> …` (`shardctl cron next --batch` output) gives its second
    /// field; `CASE`, `END` and `NONE` lines, blank lines and `#` comments are skipped.
    static func fires(fileText: String, file: String) throws -> [Int64] {
        var fires: [Int64] = []
        for (number, line) in lines(fileText) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard let first = fields.first, !["CASE", "END", "NONE"].contains(first) else { continue }
            let numbers = first == "FIRE" ? Array(fields.dropFirst().prefix(1)) : fields
            for field in numbers {
                guard let fire = Int64(field) else {
                    throw ValidationError("\(file):\(number): '\(field)' is not an epoch-ms fire time")
                }
                fires.append(fire)
            }
        }
        return fires
    }

    /// The non-blank, non-comment lines of a text, trimmed, with their 1-based numbers.
    private static func lines(_ text: String) -> [(Int, String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            return line.isEmpty || line.hasPrefix("#") ? nil : (index + 1, line)
        }
    }
}

import Foundation
import ArgumentParser
import ExecutionChecker

/// The value formats of exec-checker's options and input files.
///
/// Every parser throws a `ValidationError` naming the offending text, so a bad value is a
/// usage error (exit 64) with a clear message.
enum OptionFormats {
    /// `TAG@MS`: a worker tag and its kill (or cut) time in epoch milliseconds (the tag is
    /// everything before the last `@`).
    static func kill(_ text: String) throws -> CheckConfiguration.Kill {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex,
              let time = Int64(text[text.index(after: at)...])
        else { throw ValidationError("bad kill or cut '\(text)': expected TAG@EPOCH_MS") }
        return CheckConfiguration.Kill(tag: String(text[..<at]), time: time)
    }

    /// `JOB=UP,UP…`: a dependent job and its upstream jobs.
    static func dependsOn(_ text: String) throws -> PerJobValue<[String]> {
        let value = try PerJobValue(parsing: text, expected: "UP,UP… (JOB= required)") { list in
            let names = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return names.contains("") ? nil : names
        }
        guard value.job != nil else { throw ValidationError("bad dependency '\(text)': expected JOB=UP,UP…") }
        return value
    }

    /// `[JOB=]REASON,REASON…`: skip reasons a job's policy allows.
    static func reasons(_ text: String) throws -> PerJobValue<Set<Skip.Reason>> {
        let known = Skip.Reason.allCases.map(\.rawValue).joined(separator: ",")
        return try PerJobValue(parsing: text, expected: "REASON,REASON… of \(known)") { list in
            let reasons = list.split(separator: ",", omittingEmptySubsequences: false).map { Skip.Reason(rawValue: String($0)) }
            return reasons.contains(nil) ? nil : Set(reasons.compactMap { $0 })
        }
    }

    /// `FROM-TO`: an inclusive range of epoch milliseconds.
    static func range(_ text: String) throws -> ClosedRange<Int64> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int64(parts[0]), let to = Int64(parts[1]), from <= to
        else { throw ValidationError("bad range '\(text)': expected FROM-TO in epoch ms, FROM ≤ TO") }
        return from...to
    }

    /// The lines of a kills (or cuts) file: `TAG@MS` or `TAG MS` per line; blank lines and `#`
    /// comments are skipped.
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

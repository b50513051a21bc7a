import Foundation

/// The machine-read lines the example prints on standard output, in the `bench-worker`
/// format that `exec-checker` reads (docs/checker.md):
///
///     BEGIN <tag> <item> <scheduledFireMs> <startMs> <jobName> <source>
///     EXEC  <tag> <item> <scheduledFireMs> <startMs> <endMs> <jobName> <source>
///
/// Each line goes out in a single `write(2)`, so lines of concurrent items never interleave
/// and nothing waits in a buffer when the process is killed. Human-readable logs go to
/// standard error through swift-log.
enum ExecutionLine {
    /// Writes one line to standard output.
    static func emit(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(1, base + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Milliseconds since the epoch, now.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// A date as epoch milliseconds.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

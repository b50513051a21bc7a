import Foundation

/// Writes one line to standard output with a single `write(2)`, so that lines from concurrent
/// items never interleave and nothing waits in a buffer when the process is killed.
enum OutputLine {
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

    /// When this process started (epoch ms): its start time in clock ticks since boot from
    /// `/proc/self/stat`, against the time since boot from `/proc/uptime` (to 10 ms).
    static func processStartMillis() -> Int64 {
        let now = nowMillis()
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let closing = stat.lastIndex(of: ")"),
            let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
            let uptime = uptimeText.split(separator: " ").first.flatMap({ Double($0) })
        else { return now }
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        // After the command: state is field 3; starttime is field 22 (1-based, whole line).
        guard fields.count > 19, let ticks = Int64(fields[19]) else { return now }
        let perSecond = max(Int64(sysconf(Int32(_SC_CLK_TCK))), 1)
        let sinceBoot = Int64((uptime * 1000).rounded())
        return now - sinceBoot + ticks * 1000 / perSecond
    }
}

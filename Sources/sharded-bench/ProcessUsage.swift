import Foundation

/// A process's resource use read from `/proc`: resident memory and thread count from
/// `/proc/<pid>/status` (`VmRSS`, `Threads`), CPU time from `/proc/<pid>/stat` (`utime` +
/// `stime`, in clock ticks of `sysconf(_SC_CLK_TCK)`).
struct ProcessUsage: Sendable {
    /// Resident set size, in kB.
    var residentKilobytes: Int
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double
    /// Threads of the process.
    var threads: Int
    /// How long after the process was spawned the sample was taken, in milliseconds.
    var ageMillis: Int64

    /// Resident set size in MB of 1024 kB (the unit of `ps`, `top` and the figures).
    var residentMegabytes: Double { Double(residentKilobytes) / 1024 }

    /// Samples a running process; nil when it is gone or `/proc` cannot be read.
    ///
    /// - Parameters:
    ///   - pid: the process.
    ///   - spawnMillis: when it was spawned, to stamp the sample's age.
    static func sample(pid: Int32, spawnMillis: Int64) -> ProcessUsage? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        else { return nil }
        var rss: Int?
        var threads: Int?
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2 else { continue }
            switch parts[0] {
            case "VmRSS:": rss = Int(parts[1])
            case "Threads:": threads = Int(parts[1])
            default: break
            }
        }
        // The command (field 2) may contain spaces: count fields after its closing parenthesis.
        guard let rss, let threads, let closing = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15 of the line.
        guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return nil }
        let ticksPerSecond = Double(max(sysconf(Int32(_SC_CLK_TCK)), 1))
        return ProcessUsage(
            residentKilobytes: rss, cpuSeconds: Double(user + system) / ticksPerSecond, threads: threads,
            ageMillis: WallClock.nowMillis() - spawnMillis)
    }

    /// The machine's load average over the last minute, from `/proc/loadavg` (nil when
    /// unreadable); printed with the figures because the machine is shared.
    static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.map(String.init)
    }
}

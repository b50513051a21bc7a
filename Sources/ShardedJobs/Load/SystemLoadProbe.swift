import Foundation

/// The default ``LoadProbe``: the one-minute load average from `/proc/loadavg` divided by the
/// active cores, and the memory the process's cgroup (v2) uses of its limit, or — without a
/// cgroup limit — the host's memory in use from `/proc/meminfo`. Workers on one host share
/// the load average.
public struct SystemLoadProbe: LoadProbe {
    /// What the files' paths are read below: empty (the root) outside tests.
    let root: String

    /// The probe of this host.
    public init() {
        root = ""
    }

    /// A probe reading its files below `root` (for tests).
    init(root: String) {
        self.root = root
    }

    /// Reads the load average and the memory ratio now.
    public func sample() throws -> LoadSample {
        let loadavg = try read("/proc/loadavg")
        guard let first = loadavg.split(separator: " ").first, let average = Double(first) else {
            throw LoadProbeError("\(root)/proc/loadavg does not start with a load average: \"\(loadavg.prefix(40))\"")
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return LoadSample(cpuPerCore: average / Double(cores), memRatio: try cgroupMemoryRatio() ?? meminfoRatio())
    }

    /// memory.current ÷ memory.max of the process's cgroup v2; nil without a v2 cgroup or limit.
    private func cgroupMemoryRatio() -> Double? {
        guard let membership = try? read("/proc/self/cgroup"),
            let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else { return nil }
        let directory = "/sys/fs/cgroup" + line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        guard let limitText = try? read(directory + "/memory.max"), let limit = Double(limitText.trimmingCharacters(in: .whitespacesAndNewlines)),
            limit > 0, let usedText = try? read(directory + "/memory.current"),
            let used = Double(usedText.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return used / limit
    }

    /// (MemTotal − MemAvailable) ÷ MemTotal from `/proc/meminfo`.
    private func meminfoRatio() throws -> Double {
        let text = try read("/proc/meminfo")
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let number = parts[1].split(separator: " ").first.flatMap({ Double($0) }) else { continue }
            values[String(parts[0])] = number
        }
        guard let total = values["MemTotal"], total > 0, let available = values["MemAvailable"] else {
            throw LoadProbeError("\(root)/proc/meminfo has no MemTotal and MemAvailable")
        }
        return (total - available) / total
    }

    private func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: root + path, encoding: .utf8)
        } catch {
            throw LoadProbeError("cannot read \(root)\(path): \(error.localizedDescription)")
        }
    }
}

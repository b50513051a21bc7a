import Foundation
import Testing

@testable import ShardedJobs

/// The load probes (issue 20 item 2): the system's from `/proc` and the cgroup, and the load file.
@Suite("Load probes")
struct LoadProbeTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    @Test("the load file is read, read again when it is rewritten, and a missing or malformed one is an error naming it")
    func file() throws {
        let path = try Self.directory() + "/load"
        let probe = FileLoadProbe(path: path)
        let missing = #expect(throws: LoadProbeError.self) { try probe.sample() }
        #expect(missing?.message.contains(path) == true)
        try Self.write("cpuPerCore=0.42 memRatio=0.61\n", to: path)
        #expect(try probe.sample() == LoadSample(cpuPerCore: 0.42, memRatio: 0.61))
        try Self.write("cpuPerCore=0.95 memRatio=0.61\n", to: path)
        #expect(try probe.sample() == LoadSample(cpuPerCore: 0.95, memRatio: 0.61))
        try Self.write("cpuPerCore=busy\n", to: path)
        let malformed = #expect(throws: LoadProbeError.self) { try probe.sample() }
        #expect(malformed?.message.contains("cpuPerCore=<number> memRatio=<number>") == true)
    }

    @Test("the system probe divides the load average by the cores and takes the cgroup's memory, else /proc/meminfo's")
    func system() throws {
        let root = try Self.directory()
        let cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        try Self.write("\(2 * cores) 1.00 0.50 3/400 12345\n", to: root + "/proc/loadavg")
        try Self.write("MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n", to: root + "/proc/meminfo")
        let host = try SystemLoadProbe(root: root).sample()
        #expect(host == LoadSample(cpuPerCore: 2, memRatio: 0.75))

        try Self.write("0::/service.slice/worker\n", to: root + "/proc/self/cgroup")
        try Self.write("400\n", to: root + "/sys/fs/cgroup/service.slice/worker/memory.current")
        try Self.write("max\n", to: root + "/sys/fs/cgroup/service.slice/worker/memory.max")
        #expect(try SystemLoadProbe(root: root).sample().memRatio == 0.75, "no cgroup limit: the host's memory")
        try Self.write("1000\n", to: root + "/sys/fs/cgroup/service.slice/worker/memory.max")
        #expect(try SystemLoadProbe(root: root).sample().memRatio == 0.4)

        try Self.write("", to: root + "/proc/loadavg")
        #expect(throws: LoadProbeError.self) { try SystemLoadProbe(root: root).sample() }
        // This machine's own figures read and are plausible.
        let real = try SystemLoadProbe().sample()
        #expect(real.cpuPerCore >= 0 && real.memRatio > 0 && real.memRatio <= 1)
    }
}

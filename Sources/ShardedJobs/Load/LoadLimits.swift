/// A `LOAD_AWARE` job's limits (DESIGN 12.8): `sharded.loadAware.maxCpuLoadPerCore` and
/// `sharded.loadAware.maxMemoryRatio`.
package struct LoadLimits: Sendable, Hashable {
    /// The highest load average per core a process may report and keep the job's items.
    package var maxCpuLoadPerCore: Double
    /// The highest memory ratio a process may report and keep the job's items.
    package var maxMemoryRatio: Double

    /// What a process must stay under, as a fraction of each limit, to be readmitted.
    package static let readmission = 0.9

    package init(maxCpuLoadPerCore: Double, maxMemoryRatio: Double) {
        self.maxCpuLoadPerCore = maxCpuLoadPerCore
        self.maxMemoryRatio = maxMemoryRatio
    }

    /// A sample above either limit.
    package func exceeds(_ sample: LoadSample) -> Bool {
        sample.cpuPerCore > maxCpuLoadPerCore || sample.memRatio > maxMemoryRatio
    }

    /// A sample below 90 % of both limits.
    package func clearlyUnder(_ sample: LoadSample) -> Bool {
        sample.cpuPerCore < Self.readmission * maxCpuLoadPerCore && sample.memRatio < Self.readmission * maxMemoryRatio
    }

    /// The capacity a sample leaves: 1 minus its larger share of a limit, at least 0.
    package func spare(_ sample: LoadSample) -> Double {
        max(0, 1 - max(sample.cpuPerCore / maxCpuLoadPerCore, sample.memRatio / maxMemoryRatio))
    }
}

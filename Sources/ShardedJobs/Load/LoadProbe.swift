/// Where a process reads its load for `LOAD_AWARE` jobs (DESIGN 12.8): the seam behind
/// ``SchedulerSettings/loadProbe``.
///
/// The default, ``SystemLoadProbe``, reads `/proc/loadavg` and the process's cgroup v2
/// memory (else `/proc/meminfo`); ``FileLoadProbe`` reads a file that a test or an operator
/// writes. A probe of your own might read a container runtime's figures:
///
/// ```swift
/// struct FixedProbe: LoadProbe {
///     func sample() throws -> LoadSample { LoadSample(cpuPerCore: 0.3, memRatio: 0.5) }
/// }
/// settings.loadProbe = FixedProbe()
/// ```
public protocol LoadProbe: Sendable {
    /// The process's load now; throws ``LoadProbeError`` (or any error) when it cannot be
    /// read, and the reporter logs it and publishes nothing until a sample succeeds.
    func sample() throws -> LoadSample
}

/// Why a ``LoadProbe`` could not read a load.
public struct LoadProbeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The details, naming the file or value that was wrong.
    public let message: String

    /// An error with its details.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

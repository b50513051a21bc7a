/// One reading of a process's load (DESIGN 12.8): what a ``LoadProbe`` returns.
///
/// ```swift
/// LoadSample(cpuPerCore: 0.42, memRatio: 0.61)   // load average ÷ cores, memory used ÷ limit
/// ```
public struct LoadSample: Sendable, Hashable, CustomStringConvertible {
    /// The one-minute load average divided by the number of cores (1.0: every core busy).
    public var cpuPerCore: Double
    /// The memory in use divided by the memory the process may use (0 to 1).
    public var memRatio: Double

    /// A sample of these values; negative or non-finite values count as 0.
    public init(cpuPerCore: Double, memRatio: Double) {
        self.cpuPerCore = cpuPerCore.isFinite ? max(0, cpuPerCore) : 0
        self.memRatio = memRatio.isFinite ? max(0, memRatio) : 0
    }

    /// `cpuPerCore=0.42 memRatio=0.61`: the load file's form, two decimals each.
    public var description: String {
        "cpuPerCore=\(Self.format(cpuPerCore)) memRatio=\(Self.format(memRatio))"
    }

    /// Reads `cpuPerCore=0.42 memRatio=0.61` (the fields in any order, separated by spaces or
    /// new lines); nil when either is missing or not a number.
    public init?(text: String) {
        self.init(fields: Self.fields(text), cpu: "cpuPerCore", mem: "memRatio")
    }

    /// The sample in two of a text's `key=value` fields; nil when either is missing or not a
    /// number of 0 or more.
    init?(fields: [String: String], cpu: String, mem: String) {
        guard let cpu = fields[cpu].flatMap(Double.init), let mem = fields[mem].flatMap(Double.init),
            cpu.isFinite, mem.isFinite, cpu >= 0, mem >= 0
        else { return nil }
        self.init(cpuPerCore: cpu, memRatio: mem)
    }

    /// The `key=value` fields of a text, separated by white space.
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    /// A value with two decimals, rounded.
    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

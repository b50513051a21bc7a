/// One process's load report, the data of `/.sharded-jobs/load/{ip}@-@{pid}` (DESIGN 12.8):
/// `cpuPerCore=0.42 memRatio=0.61 running=3 previousCpuPerCore=0.40 previousMemRatio=0.58`.
///
/// It carries the last two samples, so that a leader judges "two reports above a limit" from
/// the node alone, although the reporter writes only when something changed meaningfully.
package struct LoadReport: Sendable, Hashable {
    /// The latest sample.
    package var sample: LoadSample
    /// The sample before it; nil in a process's first report.
    package var previous: LoadSample?
    /// Items running in the process when it was sampled.
    package var running: Int

    package init(sample: LoadSample, previous: LoadSample?, running: Int) {
        self.sample = sample
        self.previous = previous
        self.running = max(0, running)
    }

    /// The report as stored.
    package var text: String {
        var text = "\(sample) running=\(running)"
        if let previous {
            text += " previousCpuPerCore=\(LoadSample.format(previous.cpuPerCore)) previousMemRatio=\(LoadSample.format(previous.memRatio))"
        }
        return text
    }

    /// Reads a stored report; nil when its latest sample does not parse.
    package init?(text: String) {
        let fields = LoadSample.fields(text)
        guard let sample = LoadSample(fields: fields, cpu: "cpuPerCore", mem: "memRatio") else { return nil }
        let previous = LoadSample(fields: fields, cpu: "previousCpuPerCore", mem: "previousMemRatio")
        self.init(sample: sample, previous: previous, running: fields["running"].flatMap { Int($0) } ?? 0)
    }

    /// Whether this report is worth publishing over `published` (DESIGN 12.8): a sample's CPU
    /// moved by 0.1 or more, its memory by 0.05 or more, or the running items by 1 or more.
    package func differsMeaningfully(from published: LoadReport?) -> Bool {
        guard let published else { return true }
        func moved(_ a: LoadSample?, _ b: LoadSample?) -> Bool {
            guard let a, let b else { return (a == nil) != (b == nil) }
            return abs(a.cpuPerCore - b.cpuPerCore) >= 0.1 - 1e-9 || abs(a.memRatio - b.memRatio) >= 0.05 - 1e-9
        }
        return moved(sample, published.sample) || moved(previous, published.previous) || running != published.running
    }

    /// Both samples are above a limit: the process is to be excluded.
    package func isOver(_ limits: LoadLimits) -> Bool {
        guard let previous else { return false }
        return limits.exceeds(sample) && limits.exceeds(previous)
    }

    /// Both samples are below 90 % of both limits: an excluded process is readmitted.
    package func isUnder(_ limits: LoadLimits) -> Bool {
        guard let previous else { return false }
        return limits.clearlyUnder(sample) && limits.clearlyUnder(previous)
    }
}

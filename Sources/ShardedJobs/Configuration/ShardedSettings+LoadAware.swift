import Foundation

/// The `LOAD_AWARE` strategy's settings (DESIGN 12.8), typed properties over
/// `sharded.loadAware.maxCpuLoadPerCore`, `sharded.loadAware.maxMemoryRatio` and
/// `sharded.loadAware.minInterval`. Jobs with another strategy ignore them.
extension ShardedSettings {
    /// `sharded.loadAware.maxCpuLoadPerCore`: a process whose last two load reports both
    /// show a load average per core above this (or memory above ``loadAwareMaxMemoryRatio``)
    /// gets none of the job's items; it is readmitted once two reports in a row are below 90 %
    /// of both limits. 1.0 by default; a value that does not parse reads as the default here.
    public var loadAwareMaxCpuLoadPerCore: Double {
        get { self["loadAware.maxCpuLoadPerCore"].flatMap(Self.positiveNumber) ?? 1.0 }
        set { self["loadAware.maxCpuLoadPerCore"] = String(newValue) }
    }

    /// `sharded.loadAware.maxMemoryRatio`: the memory limit beside
    /// ``loadAwareMaxCpuLoadPerCore``, as the share of its memory a process uses. 0.8 by
    /// default; a value that does not parse reads as the default here.
    public var loadAwareMaxMemoryRatio: Double {
        get { self["loadAware.maxMemoryRatio"].flatMap(Self.positiveNumber) ?? 0.8 }
        set { self["loadAware.maxMemoryRatio"] = String(newValue) }
    }

    /// `sharded.loadAware.minInterval`: the least time between two reshardings caused by load
    /// alone (an exclusion or a readmission); a change of membership reshards at once. 60 s
    /// by default; a value that does not parse reads as the default here.
    public var loadAwareMinInterval: Duration {
        get { self["loadAware.minInterval"].flatMap { try? DurationText.parse($0) }.flatMap { $0 > .zero ? $0 : nil } ?? .seconds(60) }
        set { self["loadAware.minInterval"] = DurationText.format(newValue) }
    }

    /// The two limits.
    package var loadLimits: LoadLimits {
        LoadLimits(maxCpuLoadPerCore: loadAwareMaxCpuLoadPerCore, maxMemoryRatio: loadAwareMaxMemoryRatio)
    }

    /// A finite number above 0.
    static func positiveNumber(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }
}

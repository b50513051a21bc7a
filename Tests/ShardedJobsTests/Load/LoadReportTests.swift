import Testing

@testable import ShardedJobs

/// The load report's form and judgements (issue 20 item 2, DESIGN 12.8).
@Suite("Load reports")
struct LoadReportTests {
    static func report(_ cpu: Double, _ previous: Double?, mem: Double = 0.2, running: Int = 0) -> LoadReport {
        LoadReport(
            sample: LoadSample(cpuPerCore: cpu, memRatio: mem), previous: previous.map { LoadSample(cpuPerCore: $0, memRatio: mem) },
            running: running)
    }

    @Test("written as cpuPerCore=… memRatio=… running=… with the sample before, and read back")
    func text() throws {
        let report = Self.report(0.42, 0.4, mem: 0.61, running: 3)
        #expect(report.text == "cpuPerCore=0.42 memRatio=0.61 running=3 previousCpuPerCore=0.40 previousMemRatio=0.61")
        #expect(LoadReport(text: report.text) == report)
        #expect(Self.report(1.5, nil).text == "cpuPerCore=1.50 memRatio=0.20 running=0")
        #expect(LoadReport(text: "cpuPerCore=1.5 memRatio=0.2")?.previous == nil)
        #expect(LoadReport(text: "cpuPerCore=high memRatio=0.2") == nil)
        #expect(LoadReport(text: "memRatio=0.2") == nil)
        #expect(LoadSample(text: "memRatio=0.61\ncpuPerCore=0.42\n") == LoadSample(cpuPerCore: 0.42, memRatio: 0.61))
        #expect(LoadSample(text: "cpuPerCore=-1 memRatio=0.2") == nil)
    }

    @Test("published only on a change of 0.1 in CPU, 0.05 in memory or 1 running item, in either sample")
    func meaningfulChange() {
        let published = Self.report(0.5, 0.5, mem: 0.5, running: 2)
        #expect(!Self.report(0.59, 0.5, mem: 0.54, running: 2).differsMeaningfully(from: published))
        #expect(Self.report(0.6, 0.5, mem: 0.5, running: 2).differsMeaningfully(from: published))
        #expect(Self.report(0.5, 0.5, mem: 0.55, running: 2).differsMeaningfully(from: published))
        #expect(Self.report(0.5, 0.5, mem: 0.5, running: 3).differsMeaningfully(from: published))
        #expect(Self.report(0.5, 0.7, mem: 0.5, running: 2).differsMeaningfully(from: published))
        #expect(Self.report(0.5, nil).differsMeaningfully(from: nil))
    }

    @Test("over: both samples above a limit; under: both below 90 % of both limits; one sample is neither")
    func hysteresis() {
        let limits = LoadLimits(maxCpuLoadPerCore: 1.0, maxMemoryRatio: 0.8)
        #expect(Self.report(1.05, 1.05).isOver(limits))
        #expect(!Self.report(1.05, 0.95).isOver(limits))
        #expect(!Self.report(1.05, nil).isOver(limits))
        #expect(Self.report(0.2, 0.2, mem: 0.81).isOver(limits))
        #expect(Self.report(0.85, 0.8).isUnder(limits))
        #expect(!Self.report(0.85, 0.95).isUnder(limits))
        #expect(!Self.report(0.5, 0.5, mem: 0.75).isUnder(limits))
        #expect(!Self.report(0.1, nil).isUnder(limits))
        #expect(limits.spare(LoadSample(cpuPerCore: 0.25, memRatio: 0.4)) == 0.5)
        #expect(limits.spare(LoadSample(cpuPerCore: 1.5, memRatio: 0.1)) == 0)
    }

    @Test("the limits come from the job's props, with defaults 1.0, 0.8 and 60 s; bad values are refused by name")
    func settings() throws {
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?"), shardingTotalCount: 2)
        #expect(configuration.sharded.loadLimits == LoadLimits(maxCpuLoadPerCore: 1.0, maxMemoryRatio: 0.8))
        #expect(configuration.sharded.loadAwareMinInterval == .seconds(60))
        configuration.sharded["loadAware.maxCpuLoadPerCore"] = "2.5"
        configuration.sharded["loadAware.minInterval"] = "5s"
        #expect(configuration.sharded.loadAwareMaxCpuLoadPerCore == 2.5)
        #expect(configuration.sharded.loadAwareMinInterval == .seconds(5))
        let refused = #expect(throws: JobConfigurationError.self) {
            try ShardedSettings.check(name: "loadAware.maxMemoryRatio", value: "-1")
        }
        #expect(refused?.key == "props.sharded.loadAware.maxMemoryRatio")
        #expect(throws: JobConfigurationError.self) { try ShardedSettings.check(name: "loadAware.minInterval", value: "soon") }
    }
}

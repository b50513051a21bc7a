import CShardedJobsSimulationHooks
import Foundation
import Logging
import ShardedJobsSimulation

sharded_simulation_install_hooks()
let level = ProcessInfo.processInfo.environment["SIM_LOG"].flatMap { Logger.Level(rawValue: $0) }
let trace = ProcessInfo.processInfo.environment["SIM_TRACE"] != nil
let seeds = CommandLine.arguments.dropFirst().compactMap { UInt64($0) }
for seed in seeds.isEmpty ? [1] : seeds {
    let started = Date()
    let result = SeedRun.run(seed: seed, logLevel: level, trace: trace)
    print(result.line)
    FileHandle.standardError.write(Data("seed \(seed): \(Date().timeIntervalSince(started)) s\n".utf8))
    if result.failed { FileHandle.standardError.write(Data(result.details.utf8)) }
}

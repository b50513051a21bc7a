import CShardedJobsSimulationHooks
import Foundation
import Logging
@_spi(Simulation) import ShardedJobs
@_spi(Simulation) import ShardedJobsSimulation

// The simulator's command line (docs/testing.md, "The deterministic simulator"); run it through
// scripts/simulate.sh, which builds it in release mode and sets deterministic hashing.
//   sharded-simulate [--seeds N] [--seed S] [--inject-bug NAME]
// Runs N seeds from S (default 1 seed, from 1). Standard output holds one line per seed and the
// SIMULATION line last; everything else goes to standard error. Exit 1 when a seed found a
// duplicate, a lost item-fire, a forbidden execution or a decrease of `last`, 64 on a usage error.

func usage(_ message: String) -> Never {
    FileHandle.standardError.write(
        Data(
            """
            sharded-simulate: \(message)
            usage: sharded-simulate [--seeds N] [--seed S] [--inject-bug NAME]
            bugs: \(InjectedBug.allCases.map(\.rawValue).joined(separator: ", "))

            """.utf8))
    exit(64)
}

var count: UInt64 = 1
var base: UInt64 = 1
var bug: InjectedBug?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    guard let value = arguments.popFirst() else { usage("\(argument) needs a value") }
    switch argument {
    case "--seeds":
        guard let number = UInt64(value), number > 0 else { usage("--seeds takes a positive number") }
        count = number
    case "--seed":
        guard let number = UInt64(value) else { usage("--seed takes a number") }
        base = number
    case "--inject-bug":
        guard let named = InjectedBug(rawValue: value) else { usage("unknown bug \(value)") }
        bug = named
    default:
        usage("unknown argument \(argument)")
    }
}

sharded_simulation_install_hooks()
let environment = ProcessInfo.processInfo.environment
let level = environment["SIM_LOG"].flatMap { Logger.Level(rawValue: $0) }
let trace = environment["SIM_TRACE"] != nil
if environment["SWIFT_DETERMINISTIC_HASHING"] == nil {
    FileHandle.standardError.write(
        Data("sharded-simulate: SWIFT_DETERMINISTIC_HASHING is not set: digests will differ between runs (use scripts/simulate.sh)\n".utf8))
}
var batch = SimulationBatch()
let started = Date()
for seed in base..<(base + count) {
    let result = SeedRun.run(seed: seed, bug: bug, logLevel: level, trace: trace)
    FileHandle.standardOutput.write(Data((result.line + "\n").utf8))
    // A seed with forbidden executions shows them too (they do not fail the run yet).
    if result.failed || result.violations > 0 { FileHandle.standardError.write(Data("seed \(seed):\n\(result.details)".utf8)) }
    batch.add(result)
}
let elapsed = Date().timeIntervalSince(started)
FileHandle.standardError.write(Data(batch.report(bug: bug, seconds: elapsed).utf8))
FileHandle.standardOutput.write(Data((batch.line + "\n").utf8))
exit(batch.failed ? 1 : 0)

// Prints the ZooKeeper client's figures against a local server: sequential getData and
// setData latency (p50/p99, microseconds), pipelined getData throughput with 1,000 requests
// in flight, and the same through the raw C client, with the wrapper/raw ratios.
//
//   swift build -c release --enable-all-traits --product zk-bench && .build/release/zk-bench [connectString]
//
// Without a connect string it starts its own server (ZooKeeperTesting).
import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

@main
struct ZooKeeperBenchmark {
    static let sequentialCount = 5_000
    static let pipelinedTotal = 200_000
    static let inFlight = 1_000

    static func main() async throws {
        var logger = Logger(label: "zk-bench")
        logger.logLevel = .warning
        let server: ZooKeeperServer?
        let connectString: String
        if CommandLine.arguments.count > 1 {
            server = nil
            connectString = CommandLine.arguments[1]
        } else {
            var configuration = ZooKeeperServerConfiguration()
            configuration.fastStartJIT = false  // full JIT: measure the server at full speed
            server = try await ZooKeeperServer.start(configuration: configuration, logger: logger)
            connectString = server?.connectString ?? ""
        }
        defer { if let server { Task { await server.shutdown() } } }
        print("zk-bench: server \(connectString), \(sequentialCount) sequential ops, \(pipelinedTotal) pipelined reads with \(inFlight) in flight")

        let client = ZooKeeperClient(configuration: .init(connectString: connectString), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            try await client.waitForSession()
            let path = "/zk-bench-\(getpid())"
            let payload = Array(repeating: UInt8(ascii: "x"), count: 100)
            try await client.create(path, data: payload)

            let wrapper = WrapperBenchmark(client: client, path: path)
            let raw = try RawClientBenchmark(connectString: connectString, path: path)
            _ = try await wrapper.sequentialGet(count: 500)
            _ = raw.sequentialGet(count: 500)

            let wrapperGet = try await wrapper.sequentialGet(count: sequentialCount)
            let rawGet = raw.sequentialGet(count: sequentialCount)
            let wrapperSet = try await wrapper.sequentialSet(count: sequentialCount, data: payload)
            let rawSet = raw.sequentialSet(count: sequentialCount, data: payload)
            let wrapperPipelined = try await wrapper.pipelinedGet(total: pipelinedTotal, inFlight: inFlight)
            let rawPipelined = raw.pipelinedGet(total: pipelinedTotal, inFlight: inFlight)

            report("getData sequential", wrapperGet, rawGet)
            report("setData sequential", wrapperSet, rawSet)
            let wrapperRate = Double(pipelinedTotal) / wrapperPipelined.seconds
            let rawRate = Double(pipelinedTotal) / rawPipelined.seconds
            print(
                String(
                    format: "getData pipelined (%d in flight): swift %.0f ops/s, raw C %.0f ops/s, ratio %.2f",
                    inFlight, wrapperRate, rawRate, wrapperRate / rawRate))
            try await client.delete(path)
            group.cancelAll()
        }
    }

    static func report(_ name: String, _ wrapper: [Duration], _ raw: [Duration]) {
        let (wp50, wp99) = percentiles(wrapper)
        let (rp50, rp99) = percentiles(raw)
        print(
            String(
                format: "%@: swift p50 %.0f us p99 %.0f us, raw C p50 %.0f us p99 %.0f us, p50 ratio %.2f",
                name, wp50, wp99, rp50, rp99, wp50 / rp50))
    }

    static func percentiles(_ samples: [Duration]) -> (Double, Double) {
        let sorted = samples.map(\.microseconds).sorted()
        guard !sorted.isEmpty else { return (0, 0) }
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return (at(0.50), at(0.99))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var microseconds: Double { seconds * 1e6 }
}

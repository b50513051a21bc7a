import CShardedJobsZooKeeper
import Dispatch
import Foundation
import Synchronization

/// The same measurements with the C client called directly, as the baseline for the wrapper.
///
/// Sequential reads and writes use the C client's synchronous API in a loop; the pipelined
/// run keeps `inFlight` asynchronous reads outstanding by issuing a new one from each
/// completion, on the C client's completion thread.
final class RawClientBenchmark: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String

    init(connectString: String, path: String) throws {
        guard let handle = zookeeper_init(connectString, nil, 10_000, nil, nil, 0) else {
            throw BenchmarkError("zookeeper_init failed for \(connectString)")
        }
        self.handle = handle
        self.path = path
        let deadline = ContinuousClock.now + .seconds(10)
        while zoo_state(handle) != ZOO_CONNECTED_STATE {
            guard ContinuousClock.now < deadline else { throw BenchmarkError("raw client did not connect") }
            usleep(1000)
        }
    }

    deinit { zookeeper_close(handle) }

    func sequentialGet(count: Int) -> [Duration] {
        var buffer = [CChar](repeating: 0, count: 1024)
        var stat = Stat()
        return (0..<count).map { _ in
            var length = Int32(buffer.count)
            let start = ContinuousClock.now
            _ = zoo_get(handle, path, 0, &buffer, &length, &stat)
            return ContinuousClock.now - start
        }
    }

    func sequentialSet(count: Int, data: [UInt8]) -> [Duration] {
        (0..<count).map { _ in
            let start = ContinuousClock.now
            _ = withCData(data) { bytes, length in zoo_set(handle, path, bytes, length, -1) }
            return ContinuousClock.now - start
        }
    }

    func pipelinedGet(total: Int, inFlight: Int) -> Duration {
        let run = PipelinedRun(benchmark: self, remaining: total)
        let context = Unmanaged.passRetained(run).toOpaque()
        let start = ContinuousClock.now
        for _ in 0..<min(inFlight, total) { run.issue(context) }
        run.done.wait()
        let elapsed = ContinuousClock.now - start
        Unmanaged<PipelinedRun>.fromOpaque(context).release()
        return elapsed
    }
}

/// One pipelined run's shared state, reached from the completion thread through a raw pointer.
final class PipelinedRun: @unchecked Sendable {
    let benchmark: RawClientBenchmark
    let toIssue: Atomic<Int>
    let toComplete: Atomic<Int>
    let done = DispatchSemaphore(value: 0)

    init(benchmark: RawClientBenchmark, remaining: Int) {
        self.benchmark = benchmark
        toIssue = Atomic(remaining)
        toComplete = Atomic(remaining)
    }

    func issue(_ context: UnsafeMutableRawPointer) {
        guard toIssue.subtract(1, ordering: .relaxed).newValue >= 0 else { return }
        _ = zoo_aget(benchmark.handle, benchmark.path, 0, rawGetCompletion, context)
    }
}

private func rawGetCompletion(
    _ rc: Int32, _ value: UnsafePointer<CChar>?, _ length: Int32, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    guard let context else { return }
    let run = Unmanaged<PipelinedRun>.fromOpaque(context).takeUnretainedValue()
    if run.toComplete.subtract(1, ordering: .relaxed).newValue == 0 {
        run.done.signal()
    } else {
        run.issue(UnsafeMutableRawPointer(mutating: context))
    }
}

/// Calls `body` with a C pointer to the bytes (never null) and their count.
func withCData<Result>(_ data: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> Result) -> Result {
    data.withUnsafeBytes { raw in
        if let base = raw.baseAddress, !data.isEmpty {
            return body(base.assumingMemoryBound(to: CChar.self), Int32(data.count))
        }
        return "".withCString { body($0, 0) }
    }
}

/// A benchmark failure with a message.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

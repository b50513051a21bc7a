import Dispatch

/// Runs the C client's blocking calls (`zookeeper_init2`, `zookeeper_close`) off the
/// cooperative thread pool.
///
/// `zookeeper_close` joins the handle's threads and may wait seconds for a close reply; name
/// resolution in `zookeeper_init2` may block too. A concurrent dispatch queue gives each such
/// call a thread of its own, so one slow close never delays another client.
enum BlockingExecutor {
    private static let queue = DispatchQueue(label: "sharded-jobs.zookeeper.blocking", attributes: .concurrent)

    static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withUnsafeContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}

/// A C handle pointer that may cross threads: the client guarantees that only one thread
/// closes it and that nothing uses it afterwards.
struct HandlePointer: @unchecked Sendable {
    let raw: OpaquePointer
}

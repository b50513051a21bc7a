import CShardedJobsZooKeeper
import Foundation
import Testing
import ShardedJobsZooKeeperTesting

/// A raw C-client session for the tests: it makes the sessions, ephemeral nodes and existence
/// checks that the harness is tested against, independently of the `ShardedJobsZooKeeper` module.
///
/// The blocking sync calls (`zoo_create`, `zoo_exists`, `zookeeper_close`) run on a thread of
/// their own, never on the cooperative pool.
final class CClientSession: @unchecked Sendable {
    private let handle: OpaquePointer

    /// The connect string the session was opened with.
    let connectString: String

    private init(handle: OpaquePointer, connectString: String) {
        self.handle = handle
        self.connectString = connectString
    }

    /// Opens a session and waits (at most `timeout`) until it is connected.
    static func connect(
        _ connectString: String, sessionTimeout: Duration = .seconds(10), timeout: Duration = .seconds(10)
    ) async throws -> CClientSession {
        let milliseconds = Int32(sessionTimeout.components.seconds * 1000)
        let raw = zookeeper_init2(connectString, { _, _, _, _, _ in }, milliseconds, nil, nil, 0, { _ in })
        let handle = try #require(raw, "zookeeper_init2 failed")
        let session = CClientSession(handle: handle, connectString: connectString)
        let connected = try await waitUntil(timeout: timeout) { session.state == ZOO_CONNECTED_STATE }
        if !connected {
            await session.close()
            throw TestFailure("no connection to \(connectString) within \(timeout)")
        }
        return session
    }

    /// The handle's state (`ZOO_CONNECTED_STATE`, `ZOO_EXPIRED_SESSION_STATE`, ...).
    var state: Int32 { zoo_state(handle) }

    /// The session id the server assigned.
    var sessionID: Int64 { zoo_client_id(handle)?.pointee.client_id ?? 0 }

    /// The session's 16-byte password.
    var password: [UInt8] {
        guard let clientID = zoo_client_id(handle) else { return [] }
        var passwd = clientID.pointee.passwd
        return withUnsafeBytes(of: &passwd) { Array($0) }
    }

    /// Creates `path`; ephemeral unless `persistent`. Returns the C result code.
    func create(_ path: String, persistent: Bool = false) async -> Int32 {
        let mode = persistent ? 0 : ZOO_EPHEMERAL
        return await onThread {
            zoo_create(self.handle, path, nil, -1, czk_open_acl_unsafe(), mode, nil, 0)
        }
    }

    /// Whether `path` exists (`ZOK`), does not (`ZNONODE`), or the call failed: the C code.
    func exists(_ path: String) async -> Int32 {
        await onThread { zoo_exists(self.handle, path, 0, nil) }
    }

    /// The ephemeral owner of `path`, or nil if it cannot be read.
    func ephemeralOwner(_ path: String) async -> Int64? {
        await onThread {
            var stat = Stat()
            return zoo_exists(self.handle, path, 0, &stat) == ZOK.rawValue ? stat.ephemeralOwner : nil
        }
    }

    /// Closes the handle (ending its session if it is still connected).
    func close() async {
        await onThread { _ = zookeeper_close(self.handle) }
    }

    private func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

/// A failure of a test's own set-up, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
func waitUntil(
    timeout: Duration, _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
}

import CShardedJobsZooKeeper
import Foundation
import Synchronization
import Testing
import ShardedJobsZooKeeperTesting
import TestSupport

/// A raw C-client session for the tests: it makes the sessions, ephemeral nodes and existence
/// checks that the harness is tested against, independently of the `ShardedJobsZooKeeper` module.
///
/// The blocking sync calls (`zoo_create`, `zoo_exists`, `zookeeper_close`) run on a thread of
/// their own, never on the cooperative pool. The C client's session events (their states) and
/// the watches it sets are recorded, so that waits on it are events with deadlines.
final class CClientSession: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The state of every session event, in order.
    private let states: EventLog<Int32>
    /// The contexts handed to the C client (the session's and each watch's): retained until
    /// `close()`, after which the client calls no watcher (a watch is called at every session
    /// event while it is armed, so no callback may release its context).
    private let contexts = Mutex<[Unmanaged<EventLog<Int32>>]>([])

    /// The connect string the session was opened with.
    let connectString: String

    private init(handle: OpaquePointer, connectString: String, states: Unmanaged<EventLog<Int32>>) {
        self.handle = handle
        self.connectString = connectString
        self.states = states.takeUnretainedValue()
        contexts.withLock { $0.append(states) }
    }

    /// Records the event's state (a session event) or type (a watch) in its context's record.
    private static let watcher: watcher_fn = { _, type, state, _, context in
        guard let context else { return }
        let record = Unmanaged<EventLog<Int32>>.fromOpaque(context).takeUnretainedValue()
        record.record(type == ZOO_SESSION_EVENT ? state : type)
    }

    /// Opens a session and waits (at most `timeout`) until it is connected.
    static func connect(
        _ connectString: String, sessionTimeout: Duration = .seconds(10), timeout: Duration = .seconds(10)
    ) async throws -> CClientSession {
        let milliseconds = Int32(sessionTimeout.components.seconds * 1000)
        let states = Unmanaged.passRetained(EventLog<Int32>())
        guard let handle = zookeeper_init2(connectString, watcher, milliseconds, nil, states.toOpaque(), 0, { _ in }) else {
            states.release()
            throw TestFailure("zookeeper_init2 failed")
        }
        let session = CClientSession(handle: handle, connectString: connectString, states: states)
        do {
            try await session.waitForState("a connection to \(connectString)", within: timeout) { $0 == ZOO_CONNECTED_STATE }
        } catch {
            await session.close()
            throw TestFailure("no connection to \(connectString) within \(timeout)")
        }
        return session
    }

    /// Waits until the handle's state satisfies `matches`, looking again at each session event.
    func waitForState(_ what: String, within limit: Duration, _ matches: @escaping @Sendable (Int32) -> Bool) async throws {
        _ = try await states.wait(what, within: limit) { matches(self.state) ? true : nil }
    }

    /// Waits, by watch (`zoo_wexists`), until `path` does not exist.
    func waitUntilAbsent(_ path: String, within limit: Duration) async throws {
        try await within(limit, "\(path) to be gone on \(connectString)") {
            while true {
                let fired = Unmanaged.passRetained(EventLog<Int32>())
                self.contexts.withLock { $0.append(fired) }
                let code = await self.onThread { zoo_wexists(self.handle, path, Self.watcher, fired.toOpaque(), nil) }
                if code == ZNONODE.rawValue { return }
                guard code == ZOK.rawValue else { throw TestFailure("zoo_wexists \(path) failed: \(code)") }
                try await fired.takeUnretainedValue().wait { !$0.isEmpty }
            }
        }
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

    /// Closes the handle (ending its session if it is still connected) and releases the
    /// contexts of its watchers.
    func close() async {
        await onThread { _ = zookeeper_close(self.handle) }
        for context in contexts.withLock({ $0 }) { context.release() }
        contexts.withLock { $0.removeAll() }
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

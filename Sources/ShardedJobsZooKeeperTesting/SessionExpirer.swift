import CShardedJobsZooKeeper
import Foundation

/// Ends a ZooKeeper session on demand, as the server would when its timeout elapses.
///
/// It opens a second C handle with the session's id and password, waits until that handle is
/// connected (so the server accepted it as the same session) and closes it: closing a handle
/// ends its session on the server and deletes its ephemeral nodes. It then reconnects with the
/// same credentials until the server answers that the session is expired (retrying the close
/// if the owner's own reconnection won the race for the session), so when `expire` returns the
/// session is gone on the server, and on every member of an ensemble that has caught up.
///
/// The owner's handle learns of it when the server drops its connection (usually at once: a
/// second connection to a session makes the server drop the first), and at the latest at its
/// next request or ping, a third of its session timeout later: when the owner reconnects in
/// the same instant as the expirer, 3.8 can leave the owner's new connection open.
///
/// No C type appears in the API; waiting polls with `Task.sleep` and the blocking
/// `zookeeper_close` runs on a thread of its own.
public enum SessionExpirer {
    /// What `expire` found.
    public enum Outcome: Sendable, Equatable {
        /// The session was live and has been ended.
        case expired
        /// The server no longer knew the session, or the password was wrong: ZooKeeper answers
        /// both the same way. A live session is left alive, though the server drops its current
        /// connection (the owner reconnects to the same session).
        case alreadyExpired
    }

    /// Ends the session `sessionID` on the server (or ensemble) behind `connectString`.
    ///
    /// - Parameters:
    ///   - sessionID: the session's 64-bit id.
    ///   - password: the session's password, 16 bytes.
    ///   - connectString: `host:port[,host:port...]` of the server or ensemble.
    ///   - timeout: how long the whole expiry may take.
    /// - Returns: `.expired`, or `.alreadyExpired` if the server no longer knew the session.
    /// - Throws: `sessionExpiryFailed` if the server cannot be reached in time, or if it keeps
    ///   the session alive.
    @discardableResult
    public static func expire(
        sessionID: Int64, password: [UInt8], connectString: String, timeout: Duration = .seconds(10)
    ) async throws -> Outcome {
        guard password.count == 16 else {
            throw ZooKeeperTestingError(.sessionExpiryFailed, "the password has \(password.count) bytes, not 16")
        }
        let deadline = ContinuousClock.now + timeout
        var outcome: Outcome?
        for _ in 0..<10 {
            let handle = try open(sessionID: sessionID, password: password, connectString: connectString, timeout: timeout)
            let state = try await settledState(of: handle, deadline: deadline)
            let reconnected = state == ZOO_CONNECTED_STATE ? zoo_client_id(handle.raw)?.pointee.client_id : nil
            await close(handle)
            switch state {
            case ZOO_CONNECTED_STATE:
                guard reconnected == sessionID else {
                    throw ZooKeeperTestingError(.sessionExpiryFailed, "the server opened another session instead")
                }
                outcome = outcome ?? .expired
            case ZOO_EXPIRED_SESSION_STATE:
                return outcome ?? .alreadyExpired
            case ZOO_AUTH_FAILED_STATE:
                throw ZooKeeperTestingError(.sessionExpiryFailed, "authentication failed")
            default:
                throw ZooKeeperTestingError(
                    .sessionExpiryFailed, "\(connectString) did not answer within \(timeout) (state \(state))")
            }
        }
        throw ZooKeeperTestingError(.sessionExpiryFailed, "the server kept session \(sessionID) after 10 closes")
    }

    /// A C handle that may be handed to the thread that closes it.
    private struct Handle: @unchecked Sendable {
        let raw: OpaquePointer
    }

    private static func open(
        sessionID: Int64, password: [UInt8], connectString: String, timeout: Duration
    ) throws -> Handle {
        var clientID = clientid_t()
        clientID.client_id = sessionID
        withUnsafeMutableBytes(of: &clientID.passwd) { bytes in
            for (index, byte) in password.enumerated() { bytes[index] = byte }
        }
        let requested = Int32(clamping: min(max(timeout.milliseconds, 2_000), 30_000))
        let raw = zookeeper_init2(
            connectString, { _, _, _, _, _ in }, requested, &clientID, nil, 0, { _ in })
        guard let raw else {
            throw ZooKeeperTestingError(
                .sessionExpiryFailed, "zookeeper_init(\(connectString)) failed: \(errnoDescription(errno))")
        }
        return Handle(raw: raw)
    }

    /// Polls the handle until it is connected, expired or refused, or the deadline passes;
    /// returns the last state seen.
    private static func settledState(of handle: Handle, deadline: ContinuousClock.Instant) async throws -> Int32 {
        var interval = Duration.milliseconds(1)
        while true {
            let state = zoo_state(handle.raw)
            let settled = [ZOO_CONNECTED_STATE, ZOO_EXPIRED_SESSION_STATE, ZOO_AUTH_FAILED_STATE]
            if settled.contains(state) || ContinuousClock.now >= deadline { return state }
            do {
                try await Task.sleep(for: interval)
            } catch {
                await close(handle)
                throw error
            }
            interval = min(interval * 2, .milliseconds(10))
        }
    }

    /// Closes the handle on a thread of its own: `zookeeper_close` blocks until the close
    /// request is sent and the handle's threads are joined.
    private static func close(_ handle: Handle) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                zookeeper_close(handle.raw)
                continuation.resume()
            }
            thread.name = "zktesting-session-expirer"
            thread.start()
        }
    }
}

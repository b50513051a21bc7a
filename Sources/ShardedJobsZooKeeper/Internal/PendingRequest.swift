/// What settles one request in flight: its reply from the server, or the error that means no
/// reply will come.
protocol PendingReply: Sendable {
    /// Settles the request with the server's reply.
    func complete(_ reply: ZooKeeperTransportReply)
    /// Settles a request that got no reply (refused at once, or its connection closed).
    func abandon(_ code: ZooKeeperError.Code)
}

/// A caller waiting for one request's reply.
///
/// The reply is handed to the session lease — which renews from the request's send time when
/// the reply went through the ensemble's leader (`SessionLease.Proof`) — then the decoder turns
/// it into the caller's value or error.
struct PendingRequest<Value: Sendable>: PendingReply {
    let continuation: UnsafeContinuation<Value, any Error>
    let operation: String
    let path: String?
    let session: ClientSession
    let sentAt: Int64
    let decode: ReplyDecoder<Value>

    func complete(_ reply: ZooKeeperTransportReply) {
        if reply.code.provesServerContact {
            session.acknowledge(SessionLease.Proof(operation: operation), sentAt: sentAt)
        }
        switch decode(reply) {
        case .success(let value):
            continuation.resume(returning: value)
        case .failure(let code, let failedIndex, let failedPath):
            continuation.resume(
                throwing: ZooKeeperError(
                    code: code, operation: operation, path: failedPath ?? path, failedOperationIndex: failedIndex))
        }
    }

    func abandon(_ code: ZooKeeperError.Code) {
        continuation.resume(throwing: ZooKeeperError(code: code, operation: operation, path: path))
    }
}

/// A heartbeat in flight (a `sync`, answered through the ensemble's leader): its reply renews
/// the lease and proves contact, and tells the heartbeat's waiter, if any, whether it did.
struct Heartbeat: PendingReply {
    let session: ClientSession
    let sentAt: Int64
    /// Told whether the reply proved contact (false when no reply will come).
    var replied: (@Sendable (Bool) -> Void)? = nil

    func complete(_ reply: ZooKeeperTransportReply) {
        let proved = reply.code.provesServerContact
        if proved { session.acknowledge(.leader, sentAt: sentAt) }
        replied?(proved)
    }

    func abandon(_ code: ZooKeeperError.Code) { replied?(false) }
}

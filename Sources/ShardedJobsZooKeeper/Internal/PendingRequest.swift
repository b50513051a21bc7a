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
/// The reply renews the session lease from the request's send time when it proves the server
/// heard the request (`provesServerContact`), then the decoder turns it into the caller's value
/// or error.
struct PendingRequest<Value: Sendable>: PendingReply {
    let continuation: UnsafeContinuation<Value, any Error>
    let operation: String
    let path: String?
    let session: ClientSession
    let sentAt: Int64
    let decode: ReplyDecoder<Value>

    func complete(_ reply: ZooKeeperTransportReply) {
        if reply.code.provesServerContact { session.renewLease(acknowledgedSendAt: sentAt) }
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

/// A heartbeat in flight: its reply only renews the lease.
struct Heartbeat: PendingReply {
    let session: ClientSession
    let sentAt: Int64

    func complete(_ reply: ZooKeeperTransportReply) {
        if reply.code == .ok || reply.code == .noNode {
            session.renewLease(acknowledgedSendAt: sentAt)
        }
    }

    func abandon(_ code: ZooKeeperError.Code) {}
}

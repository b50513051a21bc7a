import CShardedJobsZooKeeper

/// The context the C client holds for one request until its completion runs.
///
/// The completion runs exactly once (with `ZCLOSING` when the handle is closed first); when a
/// `zoo_a*` call itself returns an error it never runs, and the submitter releases the context.
/// The completion hands the reply to the session lease, which renews from the request's send
/// time when the reply went through the ensemble's leader (`SessionLease.Proof`).
final class PendingRequest<Value: Sendable>: TrackedRequest, @unchecked Sendable {
    let continuation: UnsafeContinuation<Value, any Error>
    let operation: String
    let path: String?
    let session: SessionHandle
    let sentAt: Int64
    var watch: WatchRegistration?
    /// Buffers the C client writes into at completion time (a multi's results).
    var resources: AnyObject?

    init(
        continuation: UnsafeContinuation<Value, any Error>, operation: String, path: String?,
        session: SessionHandle, sentAt: Int64
    ) {
        self.continuation = continuation
        self.operation = operation
        self.path = path
        self.session = session
        self.sentAt = sentAt
    }

    /// The request a completion's context points to, taken back from the C client — or nil
    /// when the handle's close already abandoned it (then nothing must touch it again).
    static func fromCompletion(_ context: UnsafeRawPointer?) -> PendingRequest? {
        guard let context else { return nil }
        let unmanaged = Unmanaged<PendingRequest>.fromOpaque(context)
        let request = unmanaged.takeUnretainedValue()
        guard request.session.untrack(request) else { return nil }
        return unmanaged.takeRetainedValue()
    }

    /// Fails a request the C client will never complete (its handle was closed under it).
    func abandon() {
        watch?.finish(nil)
        continuation.resume(throwing: error(ZCLOSING.rawValue))
    }

    /// Settles the request: renews the lease, settles the watch, resumes the caller.
    func complete(_ resultCode: Int32, _ value: () -> Value) {
        let code = ZooKeeperError.Code(rawValue: resultCode)
        if code.provesServerContact { acknowledge() }
        if let watch, !watch.isRegistered(by: resultCode) { watch.finish(nil) }
        if resultCode == ZOK.rawValue {
            continuation.resume(returning: value())
        } else {
            continuation.resume(throwing: error(resultCode))
        }
    }

    /// Hands the reply to the lease: what it proves depends on the operation.
    func acknowledge() {
        session.acknowledge(SessionLease.Proof(operation: operation), sentAt: sentAt)
    }

    func error(_ resultCode: Int32, failedOperationIndex: Int? = nil) -> ZooKeeperError {
        ZooKeeperError(
            code: .init(rawValue: resultCode), operation: operation, path: path,
            failedOperationIndex: failedOperationIndex)
    }
}

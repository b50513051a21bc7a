/// The context the C client holds for one request until its completion runs.
///
/// The completion runs exactly once (with `ZCLOSING` when the handle is closed first) unless
/// the `zoo_a*` call itself failed; the handle's registry decides who releases the context
/// (see `SessionHandle`).
final class CRequestContext: @unchecked Sendable {
    /// The client's id of the request, echoed in the reply.
    let id: Int
    let handle: SessionHandle
    /// The watch the request leaves, if it asked for one.
    var watch: CWatchContext?
    /// The C memory of a multi, which the C client writes into at completion time.
    var buffers: MultiBuffers?

    init(id: Int, handle: SessionHandle) {
        self.id = id
        self.handle = handle
    }

    /// Takes back the context of a completion from the C client and delivers the reply —
    /// unless the handle's close already released the context (then nothing must touch it).
    ///
    /// Drops the watch when the server did not register it (`isRegistered(by:)`): the C
    /// client then never calls its watcher.
    static func complete(_ pointer: UnsafeRawPointer?, _ rc: Int32, _ payload: (CRequestContext) -> ZooKeeperTransportReply.Payload) {
        guard let pointer else { return }
        let unmanaged = Unmanaged<CRequestContext>.fromOpaque(pointer)
        let context = unmanaged.takeUnretainedValue()
        guard context.handle.untrack(context) else { return }
        unmanaged.release()
        let code = ZooKeeperError.Code(rawValue: rc)
        if let watch = context.watch, !watch.target.isRegistered(by: code) {
            context.handle.dropWatch(watch)
        }
        context.handle.deliver(.reply(id: context.id, ZooKeeperTransportReply(code: code, payload: payload(context))))
    }
}

import CShardedJobsZooKeeper

// The C completions, one per reply shape. Each is a nonisolated global function without
// captures (so it converts to a C function pointer), runs on the completion thread, copies
// every pointer argument before returning, and hands the reply to the handle.

func voidCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in .none }
}

func statCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in rc == ZOK.rawValue ? .stat(NodeStat(stat)) : .none }
}

/// Existence: the reply's code says whether the node exists (`ZNONODE` is an answer).
func existsCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in rc == ZOK.rawValue ? .stat(NodeStat(stat)) : .none }
}

func dataCompletion(
    _ rc: Int32, _ value: UnsafePointer<CChar>?, _ length: Int32, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        rc == ZOK.rawValue ? .data(NodeData(bytes: copyBytes(value, length), stat: NodeStat(stat))) : .none
    }
}

func childrenCompletion(
    _ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        guard rc == ZOK.rawValue else { return .none }
        var names: [String] = []
        if let vector = strings?.pointee, let data = vector.data {
            names.reserveCapacity(Int(vector.count))
            for index in 0..<Int(vector.count) {
                if let name = data[index] { names.append(String(cString: name)) }
            }
        }
        return .children(NodeChildren(names: names, stat: NodeStat(stat)))
    }
}

func createCompletion(
    _ rc: Int32, _ path: UnsafePointer<CChar>?, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        rc == ZOK.rawValue
            ? .created(CreatedNode(path: path.map { String(cString: $0) } ?? "", stat: NodeStat(stat))) : .none
    }
}

func syncCompletion(_ rc: Int32, _ path: UnsafePointer<CChar>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in .none }
}

/// A multi's reply: one result per operation, read from the slots the C client filled in.
func multiCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { context in
        context.buffers?.payload(resultCode: rc) ?? .none
    }
}

func copyBytes(_ value: UnsafePointer<CChar>?, _ length: Int32) -> [UInt8] {
    guard let value, length > 0 else { return [] }
    return [UInt8](UnsafeRawBufferPointer(start: value, count: Int(length)))
}

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

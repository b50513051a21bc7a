import CShardedJobsZooKeeper

// The C completions, one per reply shape. Each is a nonisolated global function without
// captures (so it converts to a C function pointer), runs on the completion thread, copies
// every pointer argument before returning, and takes back the +1 reference handed to C.

func voidCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    guard let request = PendingRequest<Void>.fromCompletion(context) else { return }
    request.complete(rc) { () }
}

func statCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    guard let request = PendingRequest<NodeStat>.fromCompletion(context) else { return }
    request.complete(rc) { NodeStat(stat) }
}

/// Existence: NONODE is an answer (nil), not an error, and it registers an existence watch.
func existsCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    guard let request = PendingRequest<NodeStat?>.fromCompletion(context) else { return }
    if rc == ZNONODE.rawValue {
        request.complete(ZOK.rawValue) { nil }
    } else {
        request.complete(rc) { NodeStat(stat) }
    }
}

func dataCompletion(
    _ rc: Int32, _ value: UnsafePointer<CChar>?, _ length: Int32, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    guard let request = PendingRequest<NodeData>.fromCompletion(context) else { return }
    request.complete(rc) { NodeData(bytes: copyBytes(value, length), stat: NodeStat(stat)) }
}

func childrenCompletion(
    _ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    guard let request = PendingRequest<NodeChildren>.fromCompletion(context) else { return }
    request.complete(rc) {
        var names: [String] = []
        if let vector = strings?.pointee, let data = vector.data {
            names.reserveCapacity(Int(vector.count))
            for index in 0..<Int(vector.count) {
                if let name = data[index] { names.append(String(cString: name)) }
            }
        }
        return NodeChildren(names: names, stat: NodeStat(stat))
    }
}

func createCompletion(
    _ rc: Int32, _ path: UnsafePointer<CChar>?, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?
) {
    guard let request = PendingRequest<CreatedNode>.fromCompletion(context) else { return }
    request.complete(rc) { CreatedNode(path: path.map { String(cString: $0) } ?? "", stat: NodeStat(stat)) }
}

func syncCompletion(_ rc: Int32, _ path: UnsafePointer<CChar>?, _ context: UnsafeRawPointer?) {
    guard let request = PendingRequest<Void>.fromCompletion(context) else { return }
    request.complete(rc) { () }
}

func multiCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    guard let request = PendingRequest<[ZooKeeperOperationResult]>.fromCompletion(context) else { return }
    guard let buffers = request.resources as? MultiBuffers else {
        request.complete(ZSYSTEMERROR.rawValue) { [] }
        return
    }
    if rc == ZOK.rawValue {
        request.complete(rc) { buffers.results() }
    } else {
        let code = ZooKeeperError.Code(rawValue: rc)
        if code.provesServerContact { request.acknowledge() }
        let index = buffers.failedIndex()
        let failedPath = index.map { buffers.operations[$0].path }
        request.continuation.resume(
            throwing: ZooKeeperError(
                code: code, operation: "multi", path: failedPath ?? request.path, failedOperationIndex: index))
    }
}

/// A heartbeat's reply (a `sync`): it renews the lease and proves contact, and tells the
/// heartbeat's waiter, if any, whether it did.
func heartbeatCompletion(_ rc: Int32, _ path: UnsafePointer<CChar>?, _ context: UnsafeRawPointer?) {
    guard let context else { return }
    let unmanaged = Unmanaged<Heartbeat>.fromOpaque(context)
    guard unmanaged.takeUnretainedValue().session.untrack(unmanaged.takeUnretainedValue()) else { return }
    let heartbeat = unmanaged.takeRetainedValue()
    let proved = ZooKeeperError.Code(rawValue: rc).provesServerContact
    if proved { heartbeat.session.acknowledge(.leader, sentAt: heartbeat.sentAt) }
    heartbeat.replied?(proved)
}

/// The context of a heartbeat request (a `sync`, answered through the ensemble's leader).
final class Heartbeat: TrackedRequest, @unchecked Sendable {
    let session: SessionHandle
    let sentAt: Int64
    /// Told whether the reply proved contact (false when the handle closed first).
    let replied: (@Sendable (Bool) -> Void)?

    init(session: SessionHandle, sentAt: Int64, replied: (@Sendable (Bool) -> Void)? = nil) {
        self.session = session
        self.sentAt = sentAt
        self.replied = replied
    }

    func abandon() { replied?(false) }
}

func copyBytes(_ value: UnsafePointer<CChar>?, _ length: Int32) -> [UInt8] {
    guard let value, length > 0 else { return [] }
    return [UInt8](UnsafeRawBufferPointer(start: value, count: Int(length)))
}
